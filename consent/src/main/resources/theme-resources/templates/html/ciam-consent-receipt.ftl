<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg(granted?then("ciam-consent-receipt.email.granted", "ciam-consent-receipt.email.withdrawn"), purposeTitle, decidedAt)}</p>
<p>${msg("ciam-consent-receipt.email.change", accountUrl)}</p>
<p>${msg("ciam-consent-receipt.email.keep", realmName, keysUrl)}</p>
<pre id="ciam-consent-receipt" style="white-space:pre-wrap;word-break:break-all;font-family:monospace;font-size:11px">${receipt}</pre>
</@layout.emailLayout>
