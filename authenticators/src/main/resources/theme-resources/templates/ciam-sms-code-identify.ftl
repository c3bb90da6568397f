<#-- CIAM Pack SMS code, step 1 (provider ciam-sms-code): ask for the phone number. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true displayInfo=false; section>
    <#if section = "header">
        ${msg("ciam-sms-code.identify.title")}
    <#elseif section = "form">
        <form id="ciam-sms-code-identify-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
            <div class="${properties.kcFormGroupClass!}">
                <label for="phone" class="${properties.kcLabelClass!}">${msg("ciam-sms-code.identify.label")}</label>
                <span class="${properties.kcInputClass!}<#if messagesPerField.existsError('phone') || message?has_content && message.type = 'error'> ${properties.kcError!}</#if>">
                    <input id="phone" name="phone" type="tel" value="${ciamDestination!''}"
                           autocomplete="tel" autofocus maxlength="32" aria-invalid="<#if messagesPerField.existsError('phone') || message?has_content && message.type = 'error'>true<#else>false</#if>">
                </span>
            </div>
            <input type="hidden" name="ciam_action" value="identify">
            <div class="${properties.kcFormGroupClass!} ${properties.kcFormActionGroupClass!}">
                <button id="ciam-sms-code-send" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}" type="submit">${msg("ciam-sms-code.identify.submit")}</button>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
