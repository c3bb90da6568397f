<#ftl output_format="plainText">
<#list decisions as decision>
${msg(decision.granted?then("ciam-consent-receipt.email.granted", "ciam-consent-receipt.email.withdrawn"), decision.purposeTitle, decision.decidedAt)}
</#list>

${msg("ciam-consent-receipt.email.change", ciamPrivacyUrl)}

${msg("ciam-consent-receipt.email.keep", realmName, keysUrl)}
<#list decisions as decision>

${decision.purposeTitle}:
${decision.receipt}
</#list>
<#include "ciam-privacy-footer.ftl" ignore_missing=true>
