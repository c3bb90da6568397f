<#-- The CIAM Pack consent step (provider ciam-consent). Works with every login theme: it only
     uses template.ftl and the theme's CSS class properties. Texts come from the realm's purposes
     (escaped by FreeMarker's HTML output format) and from messages prefixed "ciam-consent.". -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true; section>
    <#if section = "header">
        ${msg(ciamConsent.isReview()?then("ciam-consent.review.title", "ciam-consent.title"))}
    <#elseif section = "form">
        <form id="ciam-consent-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <p id="ciam-consent-intro">${msg(ciamConsent.isReview()?then("ciam-consent.review.intro", "ciam-consent.intro"))}</p>
            <#if ciamConsent.isGpc()>
                <p id="ciam-consent-gpc" class="ciam-consent-gpc">${msg("ciam-consent.gpc.notice")}</p>
            </#if>
            <#list ciamConsent.items as item>
                <div class="${properties.kcFormGroupClass!} ciam-consent-purpose" id="ciam-consent-purpose-${item.id}">
                    <div class="${properties.kcCheckboxClass!}">
                        <input type="checkbox" class="${properties.kcCheckboxInputClass!}" id="purpose_${item.id}"
                               name="purpose_${item.id}" value="on" <#if item.isChecked()>checked</#if>
                               aria-describedby="purpose_${item.id}_text">
                        <label class="${properties.kcCheckboxLabelClass!}" for="purpose_${item.id}">
                            <strong class="ciam-consent-title">${item.title}</strong>
                            <#if item.isRequired()> <span class="ciam-consent-required">(${msg("ciam-consent.required")})</span></#if>
                            <#if item.isChanged()> <span class="ciam-consent-changed">(${msg("ciam-consent.changed")})</span></#if>
                            <#if item.isNeededAgain()> <span class="ciam-consent-needed-again">(${msg("ciam-consent.neededAgain")})</span></#if>
                            <#if item.isGpcOptOut()> <span class="ciam-consent-gpc-purpose">(${msg("ciam-consent.gpc.purpose")})</span></#if>
                        </label>
                    </div>
                    <p class="ciam-consent-text" id="purpose_${item.id}_text">${item.description}</p>
                    <#if item.policyUrl?has_content>
                        <p><a class="ciam-consent-policy" href="${item.policyUrl}" target="_blank" rel="noopener noreferrer">${msg("ciam-consent.policy")}</a></p>
                    </#if>
                    <#if item.receipt?has_content>
                        <p><a class="ciam-consent-receipt" id="ciam-consent-receipt-${item.id}" href="${item.receipt}"
                              download="consent-receipt-${item.id}.jwt">${msg("ciam-consent.receipt")}</a></p>
                    </#if>
                </div>
            </#list>
            <div class="${properties.kcFormGroupClass!} ${properties.kcFormActionGroupClass!}">
                <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!}" type="submit"
                        id="ciam-consent-accept-all" name="action" value="accept_all">${msg("ciam-consent.acceptAll")}</button>
                <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!}" type="submit"
                        id="ciam-consent-reject-all" name="action" value="reject_all">${msg("ciam-consent.rejectAll")}</button>
                <button class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!}" type="submit"
                        id="ciam-consent-save" name="action" value="save">${msg("ciam-consent.save")}</button>
                <#if ciamConsent.isReview()>
                    <button class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!}" type="submit"
                            id="ciam-consent-my-data" name="action" value="my_data">${msg("ciam-consent.myData")}</button>
                    <button class="${properties.kcButtonClass!} ${properties.kcButtonLinkClass!}" type="submit"
                            id="ciam-consent-cancel" name="cancel-aia" value="true">${msg("doCancel")}</button>
                </#if>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
