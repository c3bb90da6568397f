<#ftl output_format="plainText">
<#-- Footer of every CIAM Pack email: one click to the privacy choices (review, withdraw, download my data). -->
<#if ciamPrivacyUrl??>

--
${msg("ciam-email.privacyFooter")}
${ciamPrivacyUrl}
</#if>
