<#--
  The passkey offer after an SMS login (required action sipgate-sms-passkey-nudge). Contract: submit buttons "add"
  (Keycloak's passkey registration comes next), "later" (asked again after passkeyNudgeDays) and "never".
-->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
    <#if section="header">
        ${msg("sipgateSmsPasskeyTitle")}
    <#elseif section="form">
        <form id="kc-sipgate-sms-passkey-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <p id="sipgate-sms-passkey-intro" class="${properties.kcFormGroupClass!}">${msg("sipgateSmsPasskeyIntro")}</p>
            <div class="${properties.kcFormGroupClass!}">
                <div id="kc-form-buttons" class="${properties.kcFormButtonsClass!}">
                    <button class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                            name="add" id="sipgate-sms-passkey-add" type="submit" value="true" autofocus>${msg("sipgateSmsPasskeyAdd")}</button>
                    <button class="${properties.kcButtonClass!} ${properties.kcButtonDefaultClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}"
                            name="later" id="sipgate-sms-passkey-later" type="submit" value="true">${msg("sipgateSmsPasskeyLater")}</button>
                    <button class="${properties.kcButtonClass!} ${properties.kcButtonDefaultClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}"
                            name="never" id="sipgate-sms-passkey-never" type="submit" value="true">${msg("sipgateSmsPasskeyNever")}</button>
                </div>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
