<#-- Footer of every CIAM Pack email: one click to the privacy choices (review, withdraw, download my data). -->
<#if ciamPrivacyUrl??>
<p class="ciam-privacy-footer" style="margin-top:24px;font-size:12px;color:#4a4f55">${msg("ciam-email.privacyFooter")} <a href="${ciamPrivacyUrl}" style="color:#1f5f8b">${ciamPrivacyUrl}</a></p>
</#if>
