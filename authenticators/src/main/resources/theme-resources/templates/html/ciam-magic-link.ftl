<#import "template.ftl" as layout>
<@layout.emailLayout>
<#include "ciam-brand-header.ftl" ignore_missing=true>
<p>${msg("ciam-magic-link.email.intro", realmName)}</p>
<p><a href="${link}" style="display:inline-block;padding:12px 20px;background:${(ciamBrand.primary)!'#1f5f8b'};color:${(ciamBrand.onPrimary)!'#ffffff'};text-decoration:none;border-radius:6px">${msg("ciam-magic-link.email.button")}</a></p>
<p>${msg("ciam-magic-link.email.expiry", ttlMinutes)}</p>
<p>${msg("ciam-magic-link.email.ignore")}</p>
<#include "ciam-privacy-footer.ftl" ignore_missing=true>
</@layout.emailLayout>
