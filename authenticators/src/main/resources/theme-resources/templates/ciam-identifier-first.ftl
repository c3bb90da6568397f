<#-- CIAM Pack identifier first (provider ciam-identifier-first): one field for an email address, phone
     number or username, and optionally "sign in with a passkey". -->
<#import "template.ftl" as layout>
<#import "passkeys.ftl" as passkeys>
<@layout.registrationLayout displayMessage=true displayInfo=false; section>
    <#if section = "header">
        ${msg("ciam-identifier-first.title")}
    <#elseif section = "form">
        <form id="ciam-identifier-first-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
            <div class="${properties.kcFormGroupClass!}">
                <label for="identifier" class="${properties.kcLabelClass!}">${msg("ciam-identifier-first.label." + ciamAccepted)}</label>
                <span class="${properties.kcInputClass!}<#if message?has_content && message.type = 'error'> ${properties.kcError!}</#if>">
                    <input id="identifier" name="identifier" type="text" value="${ciamIdentifier!''}"
                           autocomplete="${(enableWebAuthnConditionalUI?has_content)?then('username webauthn', 'username')}" autocapitalize="none" spellcheck="false" autofocus maxlength="254"
                           aria-invalid="<#if message?has_content && message.type = 'error'>true<#else>false</#if>">
                </span>
            </div>
            <div class="${properties.kcFormGroupClass!} ${properties.kcFormActionGroupClass!}">
                <button id="ciam-identifier-continue" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}"
                        type="submit" name="ciam_action" value="identify">${msg("ciam-identifier-first.continue")}</button>
                <#if ciamPasskeys && !enableWebAuthnConditionalUI?has_content>
                <button id="ciam-identifier-passkey" class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}"
                        type="submit" name="ciam_action" value="passkey" formnovalidate>${msg("ciam-identifier-first.passkey")}</button>
                </#if>
            </div>
        </form>
        <#-- With passkeys on in the realm's passwordless policy: Keycloak's own autofill script, and its button
             (a passkey dialog) for browsers without autofill. -->
        <@passkeys.conditionalUIData />
    </#if>
</@layout.registrationLayout>
