<#-- CIAM Pack: ask for the email address (providers ciam-email-code and ciam-magic-link). -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true displayInfo=false; section>
    <#if section = "header">
        ${msg("ciam-email-code.identify.title")}
    <#elseif section = "form">
        <form id="ciam-email-code-identify-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
            <div class="${properties.kcFormGroupClass!}">
                <label for="email" class="${properties.kcLabelClass!}">${msg("ciam-email-code.identify.label")}</label>
                <span class="${properties.kcInputClass!}<#if messagesPerField.existsError('email') || message?has_content && message.type = 'error'> ${properties.kcError!}</#if>">
                    <input id="email" name="email" type="email" value="${ciamDestination!''}"
                           autocomplete="email" autofocus maxlength="254" aria-invalid="<#if messagesPerField.existsError('email') || message?has_content && message.type = 'error'>true<#else>false</#if>">
                </span>
            </div>
            <input type="hidden" name="ciam_action" value="identify">
            <div class="${properties.kcFormGroupClass!} ${properties.kcFormActionGroupClass!}">
                <button id="ciam-email-code-send" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}" type="submit">${msg(ciamSubmitKey!"ciam-email-code.identify.submit")}</button>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
