<#--
  SMS code page of the sipgate-sms authenticator. Written against Keycloak's login layout and theme
  properties only, so it renders under keycloak.v2, keycloak and themes that extend either.
  Contract: input "code" (one-time-code autofill, numeric keypad), submit "login", submit "resend", checkbox "trust"
  (only when trustBrowserDays is above 0), and beside it checkbox "forget" (void every browser trusted before).
-->
<#import "template.ftl" as layout>
<#macro codeInput cssClass="">
    <input id="code" name="code" type="text" <#if cssClass?has_content>class="${cssClass}"</#if>
           autocomplete="one-time-code" inputmode="numeric" dir="ltr" autofocus
           maxlength="${sipgateSms.codeLength + 4}"
           aria-describedby="sipgate-sms-instruction<#if messagesPerField.existsError('code')> input-error-code</#if>"
           aria-invalid="<#if messagesPerField.existsError('code')>true<#else>false</#if>"/>
</#macro>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('code'); section>
    <#if section="header">
        ${msg("sipgateSmsTitle")}
    <#elseif section="form">
        <#if sipgateSms.suggestOtherWay && auth?has_content && auth.showTryAnotherWayLink()>
            <p id="sipgate-sms-other-way" class="${properties.kcFormGroupClass!}">${msg("sipgateSmsOtherWay")}</p>
        </#if>
        <#if sipgateSms.phoneUsable>
        <form id="kc-sipgate-sms-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <#-- the one message about the code: after a resend it says "a new code" (announced once), never beside a second alert -->
            <p id="sipgate-sms-instruction" class="${properties.kcFormGroupClass!}"<#if sipgateSms.resent> role="status"</#if>>
                <#if sipgateSms.codeActive && sipgateSms.signIn>
                    <#-- phone sign-in: the number as the user typed it, and the same wording whether it belongs to anyone -->
                    ${msg(sipgateSms.resent?then("sipgateSmsSignInResent", "sipgateSmsSignInInstruction"), sipgateSms.maskedPhone, sipgateSms.ttlMinutes)}
                <#elseif sipgateSms.codeActive && sipgateSms.proofless>
                    <#-- nothing before this step proved who is there: one wording for every account, no digit of a number -->
                    ${msg(sipgateSms.resent?then("sipgateSmsProoflessResent", "sipgateSmsProoflessInstruction"), sipgateSms.ttlMinutes)}
                <#elseif sipgateSms.codeActive>
                    ${msg(sipgateSms.resent?then("sipgateSmsResent", "sipgateSmsInstruction"), sipgateSms.maskedPhone, sipgateSms.ttlMinutes)}
                <#elseif !sipgateSms.limited>
                    <#-- a limit refused the SMS: the alert says when to try again, not "request a code with the button" -->
                    ${msg("sipgateSmsInstructionNoCode")}
                </#if>
            </p>

            <div class="${properties.kcFormGroupClass!}">
                <div class="${properties.kcLabelWrapperClass!}">
                    <label for="code" class="${properties.kcLabelClass!}">${msg("sipgateSmsCodeLabel")}</label>
                </div>
                <#assign codeError=messagesPerField.existsError('code')>
                <#if properties.kcInputHelperTextItemClass?has_content>
                    <#-- keycloak.v2 (PatternFly 5): the control wraps the input, errors are helper text -->
                    <span class="${properties.kcInputClass!}<#if codeError> ${properties.kcError!}</#if>">
                        <@codeInput/>
                    </span>
                    <#if codeError>
                        <div class="${properties.kcFormHelperTextClass!}" aria-live="polite">
                            <div class="${properties.kcInputHelperTextClass!}">
                                <div class="${properties.kcInputHelperTextItemClass!} ${properties.kcError!}">
                                    <span id="input-error-code" class="${properties.kcInputErrorMessageClass!}">${kcSanitize(messagesPerField.get('code'))?no_esc}</span>
                                </div>
                            </div>
                        </div>
                    </#if>
                <#else>
                    <#-- keycloak (PatternFly 4) and themes built on base -->
                    <div class="${properties.kcInputWrapperClass!}">
                        <@codeInput cssClass=properties.kcInputClass!/>
                        <#if codeError>
                            <span id="input-error-code" class="${properties.kcInputErrorMessageClass!}" aria-live="polite">
                                ${kcSanitize(messagesPerField.get('code'))?no_esc}
                            </span>
                        </#if>
                    </div>
                </#if>
            </div>

            <#if sipgateSms.trustBrowserDays gt 0 && (sipgateSms.codeActive || !sipgateSms.limited)>
                <#-- "don't ask again on this browser": unchecked by default; markup of each theme's own checkboxes -->
                <div class="${properties.kcFormGroupClass!}">
                    <div id="sipgate-sms-trust" class="${properties.kcCheckboxClass!"checkbox"}">
                        <label for="trust"<#if properties.kcCheckboxClass?has_content> class="${properties.kcCheckboxClass}"</#if>>
                            <input id="trust" name="trust" type="checkbox" value="on"<#if properties.kcCheckboxInputClass?has_content> class="${properties.kcCheckboxInputClass}"</#if>/>
                            <span<#if properties.kcCheckboxLabelClass?has_content> class="${properties.kcCheckboxLabelClass}"</#if>>${msg("sipgateSmsTrust", sipgateSms.trustBrowserDays)}</span>
                        </label>
                    </div>
                    <#-- a lost laptop: void every browser trusted before, without another session to sign out (only where one may be) -->
                    <#if sipgateSms.forgetOffered>
                    <div id="sipgate-sms-forget" class="${properties.kcCheckboxClass!"checkbox"}">
                        <label for="forget"<#if properties.kcCheckboxClass?has_content> class="${properties.kcCheckboxClass}"</#if>>
                            <input id="forget" name="forget" type="checkbox" value="on"<#if properties.kcCheckboxInputClass?has_content> class="${properties.kcCheckboxInputClass}"</#if>/>
                            <span<#if properties.kcCheckboxLabelClass?has_content> class="${properties.kcCheckboxLabelClass}"</#if>>${msg("sipgateSmsForget")}</span>
                        </label>
                    </div>
                    </#if>
                </div>
            </#if>

            <div class="${properties.kcFormGroupClass!}">
                <div id="kc-form-buttons" class="${properties.kcFormButtonsClass!}">
                    <input class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                           name="login" id="kc-login" type="submit" value="${msg("doSubmit")}"/>
                </div>
            </div>
            <div class="${properties.kcFormGroupClass!}">
                <div class="${properties.kcFormButtonsClass!}">
                    <button class="${properties.kcButtonClass!} ${properties.kcButtonDefaultClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}"
                            name="resend" id="sipgate-sms-resend" type="submit" value="true" formnovalidate<#if sipgateSms.limited> disabled</#if>>
                        ${msg("sipgateSmsResend")}
                    </button>
                    <#if sipgateSms.changeNumber>
                        <button class="${properties.kcButtonClass!} ${properties.kcButtonDefaultClass!} ${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}"
                                name="change" id="sipgate-sms-change" type="submit" value="true" formnovalidate>
                            ${msg("sipgateSmsChangeNumber")}
                        </button>
                    </#if>
                    <#if sipgateSms.resendWaitSeconds gt 0>
                        <#-- the one message about the cooldown: a hint, or after a refused resend the request to wait
                             (then announced once as an alert). The script below counts it down. -->
                        <#assign hintKey=sipgateSms.resendRefused?then("sipgateSmsResendWait", "sipgateSmsResendHint")>
                        <p id="sipgate-sms-resend-hint" class="${properties.kcFormHelperTextClass!}"<#if sipgateSms.resendRefused> role="alert"</#if>
                           data-seconds="${sipgateSms.resendWaitSeconds?c}" data-pattern="${msg(hintKey, "{0}")}"
                           data-ready="${msg("sipgateSmsResendReady")}">${msg(hintKey, sipgateSms.resendWaitSeconds)}</p>
                    </#if>
                    <span id="sipgate-sms-resend-live" aria-live="polite"
                          style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap"></span>
                </div>
            </div>
        </form>
        <#-- Progressive countdown: without JavaScript the hint stays as rendered and the server judges a resend.
             With it, the seconds count down, "Send a new code" is disabled until zero, and at zero screen readers
             hear once that a new code can be requested (the counting itself is not announced). -->
        <script>
            (function () {
                var hint = document.getElementById("sipgate-sms-resend-hint");
                var button = document.getElementById("sipgate-sms-resend");
                var live = document.getElementById("sipgate-sms-resend-live");
                var seconds = hint ? parseInt(hint.getAttribute("data-seconds"), 10) : 0;
                // a button the server disabled (a send limit refused the SMS) stays disabled
                if (!hint || !button || button.disabled || !(seconds > 0)) {
                    return;
                }
                var pattern = hint.getAttribute("data-pattern");
                var end = Date.now() + seconds * 1000;
                button.disabled = true;
                button.setAttribute("aria-describedby", "sipgate-sms-resend-hint");
                var timer = setInterval(function () {
                    hint.removeAttribute("role");
                    var left = Math.ceil((end - Date.now()) / 1000);
                    if (left > 0) {
                        hint.textContent = pattern.replace("{0}", String(left));
                        return;
                    }
                    clearInterval(timer);
                    hint.textContent = hint.getAttribute("data-ready");
                    live.textContent = hint.getAttribute("data-ready");
                    button.disabled = false;
                }, 1000);
            })();
        </script>
        <#-- Progressive WebOTP: where the browser supports it, the code from the SMS (origin-bound last line
             "@host #code") fills the input and submits the form. Without support or without JavaScript the form
             works as is; autocomplete="one-time-code" still offers the code on iOS and Android keyboards. -->
        <script>
            (function () {
                var form = document.getElementById("kc-sipgate-sms-form");
                var input = document.getElementById("code");
                if (!form || !input || !("OTPCredential" in window) || !navigator.credentials) {
                    return;
                }
                var abort = new AbortController();
                form.addEventListener("submit", function () { abort.abort(); });
                navigator.credentials.get({otp: {transport: ["sms"]}, signal: abort.signal}).then(function (otp) {
                    if (otp && otp.code) {
                        input.value = otp.code;
                        var submit = document.getElementById("kc-login");
                        if (form.requestSubmit) {
                            form.requestSubmit(submit);
                        } else {
                            submit.click();
                        }
                    }
                }).catch(function () {
                    // no code arrived, the user cancelled, or the page was left: the user types the code
                });
            })();
        </script>
        </#if>
    </#if>
</@layout.registrationLayout>
