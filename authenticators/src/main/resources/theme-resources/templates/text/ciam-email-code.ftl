<#ftl output_format="plainText">
${msg("ciam-email-code.email.intro", realmName)}

${code}

${msg("ciam-email-code.email.expiry", ttlMinutes)}

${msg("ciam-email-code.email.ignore")}
