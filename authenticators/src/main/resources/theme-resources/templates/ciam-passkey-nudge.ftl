<#-- CIAM Pack passkey nudge (provider ciam-passkey-nudge): offer Keycloak's passkey registration. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false displayInfo=false; section>
    <#if section = "header">
        ${msg("ciam-passkey-nudge.title")}
    <#elseif section = "form">
        <p id="ciam-passkey-nudge-text">${msg("ciam-passkey-nudge.text")}</p>
        <form id="ciam-passkey-nudge-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <div class="${properties.kcFormGroupClass!} ${properties.kcFormActionGroupClass!}">
                <button id="ciam-passkey-nudge-create" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}"
                        type="submit" name="ciam_action" value="create">${msg("ciam-passkey-nudge.create")}</button>
                <button id="ciam-passkey-nudge-later" class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}"
                        type="submit" name="ciam_action" value="later">${msg("ciam-passkey-nudge.later", ciamSnoozeDays)}</button>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
