<#-- The person's data export on the review page (provider ciam-consent, "See and download my data").
     Works with every login theme: only template.ftl and the theme's CSS class properties. Every value is
     escaped by FreeMarker's HTML output format. -->
<#import "template.ftl" as layout>
<#macro node n>
    <#if n.value??>
        <div class="ciam-my-data-row"><dt>${n.label}</dt><dd>${n.value}</dd></div>
    <#else>
        <div class="ciam-my-data-group">
            <dt>${n.label}</dt>
            <dd><dl class="ciam-my-data-list"><#list n.children as child><@node n=child/></#list></dl></dd>
        </div>
    </#if>
</#macro>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg("ciam-my-data.title")}
    <#elseif section = "form">
        <p id="ciam-my-data-intro">${msg("ciam-my-data.intro")}</p>
        <p><a id="ciam-my-data-download" class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!}"
              href="${ciamData.download}" download="my-data.json">${msg("ciam-my-data.download")}</a></p>
        <#list ciamData.sections as s>
            <section class="ciam-my-data-section" id="ciam-my-data-${s.label}" aria-labelledby="ciam-my-data-${s.label}-title">
                <#-- A section of another extension without a title of its own shows its key. -->
                <#assign sectionTitle = msg("ciam-my-data.section." + s.label)>
                <h2 id="ciam-my-data-${s.label}-title"><#if sectionTitle == "ciam-my-data.section." + s.label>${s.label}<#else>${sectionTitle}</#if></h2>
                <#if s.value??>
                    <p>${s.value}</p>
                <#else>
                    <dl class="ciam-my-data-list"><#list s.children as child><@node n=child/></#list></dl>
                </#if>
            </section>
        </#list>
        <form id="ciam-my-data-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <div class="${properties.kcFormGroupClass!} ${properties.kcFormActionGroupClass!}">
                <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!}" type="submit"
                        id="ciam-my-data-back" name="action" value="back">${msg("ciam-my-data.back")}</button>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
