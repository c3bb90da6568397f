<#-- CIAM Pack progressive profiling (required action ciam-progressive-profile): one or two questions,
     labels, inputs and options from the realm's User Profile, and what the person gains by answering. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true displayInfo=false; section>
    <#if section = "header">
        ${msg("ciam-profile.title")}
    <#elseif section = "form">
        <form id="ciam-profile-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
            <#list ciamFields as f>
            <div class="${properties.kcFormGroupClass!} ciam-profile-question">
                <label for="${f.name}" class="${properties.kcLabelClass!}">${advancedMsg(f.label)}</label>
                <#if f.benefit?has_content><p class="ciam-profile-benefit" id="benefit-${f.name}">${msg(f.benefit)}</p></#if>
                <#if f.options?has_content>
                <select id="${f.name}" name="${f.name}" class="${properties.kcInputClass!}"
                        aria-invalid="<#if messagesPerField.existsError(f.name)>true<#else>false</#if>">
                    <option value="">${msg("ciam-profile.choose")}</option>
                    <#list f.options as o>
                    <option value="${o.value}"<#if o.value == f.value> selected</#if>>${advancedMsg(o.label)}</option>
                    </#list>
                </select>
                <#else>
                <input id="${f.name}" name="${f.name}" type="text" class="${properties.kcInputClass!}" value="${f.value}" maxlength="255"
                       aria-invalid="<#if messagesPerField.existsError(f.name)>true<#else>false</#if>">
                </#if>
                <#if messagesPerField.existsError(f.name)>
                <span id="input-error-${f.name}" class="${properties.kcInputErrorMessageClass!}" aria-live="polite">${kcSanitize(messagesPerField.get(f.name))?no_esc}</span>
                </#if>
            </div>
            </#list>
            <div class="${properties.kcFormGroupClass!} ${properties.kcFormActionGroupClass!}">
                <button id="ciam-profile-save" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}"
                        type="submit" name="ciam_action" value="save">${msg("ciam-profile.save")}</button>
                <#if ciamSkippable>
                <button id="ciam-profile-skip" class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}"
                        type="submit" name="ciam_action" value="skip" formnovalidate>${msg("ciam-profile.skip")}</button>
                </#if>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
