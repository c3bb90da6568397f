<#import "template.ftl" as layout>
<@layout.emailLayout>
<#include "ciam-brand-header.ftl" ignore_missing=true>
<p>${msg("ciam-locked.email.intro", realmName)}</p>
<#if minutes gte 0>
<p>${msg("ciam-locked.email.wait", minutes)}</p>
<#else>
<p>${msg("ciam-locked.email.permanent")}</p>
</#if>
<p>${msg("ciam-locked.email.ignore")}</p>
<#include "ciam-privacy-footer.ftl" ignore_missing=true>
</@layout.emailLayout>
