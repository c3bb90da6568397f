<#-- CIAM Pack SMS code, step 2 (provider ciam-sms-code): enter the code. The same page is shown
     whether or not the number belongs to an account. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true displayInfo=false; section>
    <#if section = "header">
        ${msg("ciam-sms-code.title")}
    <#elseif section = "form">
        <p id="ciam-sms-code-sent">${msg("ciam-sms-code.sent", ciamDestination!'')}</p>
        <form id="ciam-sms-code-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
            <div class="${properties.kcFormGroupClass!}">
                <label for="code" class="${properties.kcLabelClass!}">${msg("ciam-sms-code.label")}</label>
                <span class="${properties.kcInputClass!}">
                    <input id="code" name="code" type="text" inputmode="numeric"
                           autocomplete="one-time-code" autofocus maxlength="16" pattern="[0-9 -]*">
                </span>
            </div>
            <div class="${properties.kcFormGroupClass!} ${properties.kcFormActionGroupClass!}">
                <button id="ciam-sms-code-verify" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}"
                        type="submit" name="ciam_action" value="verify">${msg("ciam-sms-code.submit")}</button>
                <button id="ciam-sms-code-resend" class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}"
                        type="submit" name="ciam_action" value="resend" formnovalidate>${msg("ciam-sms-code.resend")}</button>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
