<#ftl output_format="plainText">
${msg(granted?then("ciam-consent-receipt.email.granted", "ciam-consent-receipt.email.withdrawn"), purposeTitle, decidedAt)}

${msg("ciam-consent-receipt.email.change", accountUrl)}

${msg("ciam-consent-receipt.email.keep", realmName, keysUrl)}

${receipt}
