<#-- CIAM Pack email code, step 2 (provider ciam-email-code): enter the code. The same page is shown
     whether or not the address belongs to an account. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true displayInfo=false; section>
    <#if section = "header">
        ${msg("ciam-email-code.title")}
    <#elseif section = "form">
        <p id="ciam-email-code-sent">${msg("ciam-email-code.sent", ciamDestination!'')}</p>
        <form id="ciam-email-code-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
            <div class="${properties.kcFormGroupClass!}">
                <label for="code" class="${properties.kcLabelClass!}">${msg("ciam-email-code.label")}</label>
                <span class="${properties.kcInputClass!}">
                    <input id="code" name="code" type="text" inputmode="numeric"
                           autocomplete="one-time-code" autofocus maxlength="16" pattern="[0-9 -]*">
                </span>
            </div>
            <div class="${properties.kcFormGroupClass!} ${properties.kcFormActionGroupClass!}">
                <button id="ciam-email-code-verify" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}"
                        type="submit" name="ciam_action" value="verify">${msg("ciam-email-code.submit")}</button>
                <button id="ciam-email-code-resend" class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}"
                        type="submit" name="ciam_action" value="resend" formnovalidate>${msg("ciam-email-code.resend")}</button>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
