<#-- CIAM Pack magic link (provider ciam-magic-link): opening the link shows this page; only its POST
     signs in, so a mail scanner fetching the link signs nobody in. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true displayInfo=false; section>
    <#if section = "header">
        ${msg("ciam-magic-link.confirm.title")}
    <#elseif section = "form">
        <#if ciamOtherDevice>
        <#-- "Chrome on Linux" in the page's language: product names as they are, the words around them from messages. -->
        <#assign ciamBrowser = ciamRequestedBrowser!msg("ciam-device.unknown")>
        <#assign ciamDevice = ciamRequestedSystem???then(msg("ciam-device.on", ciamBrowser, ciamRequestedSystem!''), ciamBrowser)>
        <p id="ciam-magic-link-other-device">${msg("ciam-magic-link.confirm.other-device", ciamDevice, ciamRequestedAt!'')}</p>
        <#else>
        <p id="ciam-magic-link-confirm-text">${msg("ciam-magic-link.confirm.text", ciamEmail!'')}</p>
        </#if>
        <form id="ciam-magic-link-confirm-form" class="${properties.kcFormClass!}" action="${ciamConfirmUrl}" method="post">
            <input type="hidden" name="key" value="${ciamKey}">
            <div class="${properties.kcFormGroupClass!} ${properties.kcFormActionGroupClass!}">
                <button id="ciam-magic-link-confirm" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}"
                        type="submit"><#if ciamOtherDevice>${msg("ciam-magic-link.confirm.submit.other")}<#else>${msg("ciam-magic-link.confirm.submit")}</#if></button>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
