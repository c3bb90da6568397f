<#ftl output_format="plainText">
${msg("ciam-magic-link.email.intro", realmName)}

${link}

${msg("ciam-magic-link.email.expiry", ttlMinutes)}

${msg("ciam-magic-link.email.ignore")}
<#include "ciam-privacy-footer.ftl" ignore_missing=true>
