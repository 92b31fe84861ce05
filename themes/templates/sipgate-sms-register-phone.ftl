<#--
  Number page of the sipgate-sms-register-phone required action and of phone sign-in (sipgate-sms-phone-login,
  sipgateSmsRegister.signIn). The next page is the code page (login-sipgate-sms.ftl). Contract: input "phone", submit "login".
-->
<#import "template.ftl" as layout>
<#macro phoneInput cssClass="">
    <input id="phone" name="phone" type="tel" <#if cssClass?has_content>class="${cssClass}"</#if>
           value="${sipgateSmsRegister.entered}" autocomplete="tel" inputmode="tel" dir="ltr" autofocus required
           aria-describedby="sipgate-sms-register-hint<#if messagesPerField.existsError('phone')> input-error-phone</#if>"
           aria-invalid="<#if messagesPerField.existsError('phone')>true<#else>false</#if>"/>
</#macro>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('phone'); section>
    <#if section="header">
        ${msg(sipgateSmsRegister.signIn?then("sipgateSmsSignInTitle", "sipgateSmsRegisterTitle"))}
    <#elseif section="form">
        <form id="kc-sipgate-sms-register-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <#if sipgateSmsRegister.signIn>
                <p id="sipgate-sms-signin-intro" class="${properties.kcFormGroupClass!}">${msg("sipgateSmsSignInIntro")}</p>
            <#else>
                <p id="sipgate-sms-register-weaker" class="${properties.kcFormGroupClass!}">${msg("sipgateSmsWeakerFactor")}</p>
            </#if>
            <div class="${properties.kcFormGroupClass!}">
                <div class="${properties.kcLabelWrapperClass!}">
                    <label for="phone" class="${properties.kcLabelClass!}">${msg("sipgateSmsPhoneLabel")}</label>
                </div>
                <#assign phoneError=messagesPerField.existsError('phone')>
                <#-- hint and error stacked under the field (each its own helper-text block), the error announced
                     and tied to the field through aria-describedby -->
                <#if properties.kcInputHelperTextItemClass?has_content>
                    <span class="${properties.kcInputClass!}<#if phoneError> ${properties.kcError!}</#if>">
                        <@phoneInput/>
                    </span>
                    <div class="${properties.kcFormHelperTextClass!}">
                        <div class="${properties.kcInputHelperTextClass!}">
                            <div class="${properties.kcInputHelperTextItemClass!}">
                                <span id="sipgate-sms-register-hint">${msg("sipgateSmsPhoneHint", sipgateSmsRegister.example)}</span>
                            </div>
                        </div>
                    </div>
                    <#if phoneError>
                        <div class="${properties.kcFormHelperTextClass!}" aria-live="polite">
                            <div class="${properties.kcInputHelperTextClass!}">
                                <div class="${properties.kcInputHelperTextItemClass!} ${properties.kcError!}">
                                    <span id="input-error-phone" class="${properties.kcInputErrorMessageClass!}">${kcSanitize(messagesPerField.get('phone'))?no_esc}</span>
                                </div>
                            </div>
                        </div>
                    </#if>
                <#else>
                    <div class="${properties.kcInputWrapperClass!}">
                        <@phoneInput cssClass=properties.kcInputClass!/>
                        <div id="sipgate-sms-register-hint">${msg("sipgateSmsPhoneHint", sipgateSmsRegister.example)}</div>
                        <#if phoneError>
                            <div aria-live="polite">
                                <span id="input-error-phone" class="${properties.kcInputErrorMessageClass!}">
                                    ${kcSanitize(messagesPerField.get('phone'))?no_esc}
                                </span>
                            </div>
                        </#if>
                    </div>
                </#if>
            </div>
            <div class="${properties.kcFormGroupClass!}">
                <div id="kc-form-buttons" class="${properties.kcFormButtonsClass!}">
                    <input class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                           name="login" id="kc-login" type="submit" value="${msg("sipgateSmsRegisterSubmit")}"/>
                </div>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
