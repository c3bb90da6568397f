<#-- CIAM Pack magic link (provider ciam-magic-link): opening the link shows this page; only its POST
     signs in, so a mail scanner fetching the link signs nobody in. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true displayInfo=false; section>
    <#if section = "header">
        ${msg("ciam-magic-link.confirm.title")}
    <#elseif section = "form">
        <#if ciamOtherDevice>
        <p id="ciam-magic-link-other-device">${msg("ciam-magic-link.confirm.other-device", ciamRequestedFrom!'', ciamRequestedAt!'')}</p>
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
