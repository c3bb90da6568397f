<#ftl output_format="plainText">
${msg("ciam-locked.email.intro", realmName)}

<#if minutes gte 0>
${msg("ciam-locked.email.wait", minutes)}
<#else>
${msg("ciam-locked.email.permanent")}
</#if>

${msg("ciam-locked.email.ignore")}
<#include "ciam-privacy-footer.ftl" ignore_missing=true>
