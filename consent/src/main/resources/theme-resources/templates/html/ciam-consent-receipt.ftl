<#import "template.ftl" as layout>
<@layout.emailLayout>
<#include "ciam-brand-header.ftl" ignore_missing=true>
<#list decisions as decision>
<p>${msg(decision.granted?then("ciam-consent-receipt.email.granted", "ciam-consent-receipt.email.withdrawn"), decision.purposeTitle, decision.decidedAt)}</p>
</#list>
<p>${msg("ciam-consent-receipt.email.change", ciamPrivacyUrl)}</p>
<p>${msg("ciam-consent-receipt.email.keep", realmName, keysUrl)}</p>
<#list decisions as decision>
<p><strong>${decision.purposeTitle}</strong></p>
<pre class="ciam-consent-receipt" style="white-space:pre-wrap;word-break:break-all;font-family:monospace;font-size:11px">${decision.receipt}</pre>
</#list>
<#include "ciam-privacy-footer.ftl" ignore_missing=true>
</@layout.emailLayout>
