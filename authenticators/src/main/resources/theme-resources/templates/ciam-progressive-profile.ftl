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
                <#if f.benefit?has_content><#assign benefitText = msg(f.benefit)><#-- a key without a text in this language (msg answers the key) shows nothing -->
                <#if benefitText != f.benefit><p class="ciam-profile-benefit" id="benefit-${f.name}">${benefitText}</p></#if></#if>
                <#-- keycloak.v2 (PatternFly 5) markup: the control inside the form-control wrapper, a select with its
                     toggle icon, so borders, focus, errors and dark mode match Keycloak's own fields. -->
                <#if f.options?has_content>
                <div class="${properties.kcInputClass!}<#if messagesPerField.existsError(f.name)> ${properties.kcError!}</#if>">
                    <select id="${f.name}" name="${f.name}"
                            aria-invalid="<#if messagesPerField.existsError(f.name)>true<#else>false</#if>">
                        <option value="">${msg("ciam-profile.choose")}</option>
                        <#list f.options as o>
                        <option value="${o.value}"<#if o.value == f.value> selected</#if>>${advancedMsg(o.label)}</option>
                        </#list>
                    </select>
                    <span class="${properties.kcFormControlUtilClass!}">
                        <span class="${properties.kcFormControlToggleIcon!}">
                            <svg class="pf-v5-svg" viewBox="0 0 320 512" fill="currentColor" aria-hidden="true" role="img" width="1em" height="1em">
                                <path d="M31.3 192h257.3c17.8 0 26.7 21.5 14.1 34.1L174.1 354.8c-7.8 7.8-20.5 7.8-28.3 0L17.2 226.1C4.6 213.5 13.5 192 31.3 192z"></path>
                            </svg>
                        </span>
                    </span>
                </div>
                <#else>
                <span class="${properties.kcInputClass!}<#if messagesPerField.existsError(f.name)> ${properties.kcError!}</#if>">
                    <input id="${f.name}" name="${f.name}" type="text" value="${f.value}" maxlength="255"
                           aria-invalid="<#if messagesPerField.existsError(f.name)>true<#else>false</#if>">
                </span>
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
