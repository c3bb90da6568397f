<#-- CIAM Pack identifier first, password route: the same page whether or not an account has the identifier. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true displayInfo=false; section>
    <#if section = "header">
        ${msg("ciam-identifier-first.password.title")}
    <#elseif section = "form">
        <p id="ciam-identifier-shown">${msg("ciam-identifier-first.password.for", ciamIdentifier!'')}</p>
        <form id="ciam-identifier-password-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <input type="text" name="username" value="${ciamIdentifier!''}" autocomplete="username" hidden>
            <div class="${properties.kcFormGroupClass!}">
                <label for="password" class="${properties.kcLabelClass!}">${msg("password")}</label>
                <span class="${properties.kcInputClass!}">
                    <input id="password" name="password" type="password" autocomplete="current-password" autofocus>
                </span>
            </div>
            <div class="${properties.kcFormGroupClass!} ${properties.kcFormActionGroupClass!}">
                <button id="ciam-identifier-sign-in" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}"
                        type="submit" name="ciam_action" value="password">${msg("doLogIn")}</button>
            </div>
            <p><a id="ciam-identifier-restart" href="${url.loginRestartFlowUrl}">${msg("ciam-identifier-first.restart")}</a></p>
        </form>
    </#if>
</@layout.registrationLayout>
