<#-- CIAM Pack magic link (provider ciam-magic-link): "check your email". The same page is shown whether
     or not the address belongs to an account. When links may be confirmed on another device, the page
     checks every 5 seconds whether that happened. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true displayInfo=false; section>
    <#if section = "header">
        <#if ciamOtherDevice?? && ciamOtherDevice><meta http-equiv="refresh" content="5;url=${ciamRefreshUrl}"></#if>
        ${msg("ciam-magic-link.title")}
    <#elseif section = "form">
        <p id="ciam-magic-link-sent">${msg("ciam-magic-link.sent", ciamEmail!'')}</p>
        <p id="ciam-magic-link-where"><#if ciamOtherDevice?? && ciamOtherDevice>${msg("ciam-magic-link.where.any")}<#else>${msg("ciam-magic-link.where.same")}</#if></p>
        <form id="ciam-magic-link-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
            <div class="${properties.kcFormGroupClass!} ${properties.kcFormActionGroupClass!}">
                <#if ciamOtherDevice?? && ciamOtherDevice>
                <button id="ciam-magic-link-check" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}"
                        type="submit" name="ciam_action" value="check">${msg("ciam-magic-link.check")}</button>
                </#if>
                <button id="ciam-magic-link-resend" class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}"
                        type="submit" name="ciam_action" value="resend">${msg("ciam-magic-link.resend")}</button>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
