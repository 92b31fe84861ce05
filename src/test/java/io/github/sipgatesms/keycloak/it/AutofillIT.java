package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chromium.HasCdp;

import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;

/**
 * WebOTP on the code page. Headless Chromium has no SMS receiver, so the test gives the page a stand-in for
 * {@code navigator.credentials.get({otp})} (the API the browser offers) and resolves it with the code from the SMS.
 */
@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("the code page fills and submits the code from the SMS where the browser offers WebOTP")
class AutofillIT extends SmsBrowserTest {

    private static final String WEB_OTP_STAND_IN = "window.OTPCredential = function () {};"
        + "window.__otpRequests = [];"
        + "navigator.credentials.get = function (options) {"
        + "  return new Promise(function (resolve) { window.__otpRequests.push(options); window.__deliverOtp = resolve; });"
        + "};";

    @InjectRealm(config = SmsRealmConfig.class)
    ManagedRealm realm;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @Test
    @DisplayName("the page asks the browser for an SMS code and, when it arrives, submits it: the user is logged in")
    void webOtpFillsAndSubmits() {
        String number = freshNumber();
        newUser("autofill", number);
        HasCdp cdp = (HasCdp) driver.driver();
        Object standIn = cdp.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WEB_OTP_STAND_IN)).get("identifier");
        try {
            passwordStep("autofill", PASSWORD);
            codePage.assertCurrent();
            JavascriptExecutor js = (JavascriptExecutor) driver.driver();
            assertThat(js.executeScript("return JSON.stringify(window.__otpRequests[0].otp)")).isEqualTo("{\"transport\":[\"sms\"]}");

            js.executeScript("window.__deliverOtp({type: 'otp', code: arguments[0]})", sipgate.lastTo(number).orElseThrow().code());
            assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();
        } finally {
            // the browser is shared by all tests: later pages get the real (absent) API again
            cdp.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", standIn));
        }
    }
}
