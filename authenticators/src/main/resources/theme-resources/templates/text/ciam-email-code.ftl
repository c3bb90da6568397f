<#ftl output_format="plainText">
${msg("ciam-email-code.email.intro", realmName)}

${code}

<#if link??>
${msg("ciam-email-code.email.link")}

${link}

</#if>
${msg("ciam-email-code.email.expiry", ttlMinutes)}

${msg("ciam-email-code.email.ignore")}
<#include "ciam-privacy-footer.ftl" ignore_missing=true>
