<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg("ciam-email-code.email.intro", realmName)}</p>
<p style="font-size:28px;font-weight:600;letter-spacing:6px;font-family:monospace">${code}</p>
<p>${msg("ciam-email-code.email.expiry", ttlMinutes)}</p>
<p>${msg("ciam-email-code.email.ignore")}</p>
</@layout.emailLayout>
