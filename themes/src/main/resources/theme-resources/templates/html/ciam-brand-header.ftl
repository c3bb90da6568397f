<#-- Header of every CIAM Pack HTML email: the realm's logo from its brand (admin console page ciam-brand), if one
     is set. Its alt text is the realm's name, so mail clients that block images still show who wrote. -->
<#if ciamBrand?? && ciamBrand.logoUrl??>
<p class="ciam-brand-header" style="margin:0 0 16px"><img src="${ciamBrand.logoUrl}" alt="${realmName}" height="${ciamBrand.logoHeight}" style="height:${ciamBrand.logoHeight}px;border:0"></p>
</#if>
