package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserSessionRepresentation;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.InjectUser;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.ManagedUser;
import org.keycloak.testframework.realm.UserBuilder;
import org.keycloak.testframework.realm.UserConfig;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;
import org.keycloak.testsuite.util.oauth.AuthorizationEndpointResponse;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;
import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;

@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("SMS step in a real Keycloak, driven by headless Chromium")
class SmsLoginIT extends SmsBrowserTest {

    public static class Alice implements UserConfig {
        @Override
        public UserBuilder configure(UserBuilder user) {
            // national format on purpose: the step normalizes it with defaultRegion DE
            return user.username("alice").password("alice-pw").email("alice@example.org").name("Alice", "Sms")
                .emailVerified(true).attribute("phoneNumber", "0151 23456789");
        }
    }

    public static class NoPhone implements UserConfig {
        @Override
        public UserBuilder configure(UserBuilder user) {
            return user.username("nophone").password("nophone-pw").email("nophone@example.org").name("No", "Phone")
                .emailVerified(true);
        }
    }

    @InjectRealm(config = SmsRealmConfig.class)
    ManagedRealm realm;

    @InjectUser(config = Alice.class, ref = "alice")
    ManagedUser alice;

    @InjectUser(config = NoPhone.class, ref = "nophone")
    ManagedUser noPhone;

    @InjectEvents
    Events events;

    @InjectTimeOffSet(enableForCaches = true)
    TimeOffSet timeOffSet;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    private Set<String> sessionIds() {
        return alice.admin().getUserSessions().stream().map(UserSessionRepresentation::getId)
            .collect(Collectors.toCollection(HashSet::new));
    }

    @Test
    @DisplayName("a user logs in with the code from the SMS; the page masks the number and invites autofill")
    void loginThroughSmsStep() {
        // this login's event is the one of the user session it creates (event times are no help: earlier tests
        // with a time offset leave events dated in the future)
        Set<String> sessionsBefore = sessionIds();
        passwordStep("alice", "alice-pw");
        codePage.assertCurrent();

        assertThat(alice.admin().toRepresentation().getAttributes()).containsKey("phoneNumber");
        assertThat(sipgate.sent()).hasSize(1);
        FakeSipgate.Sms sms = sipgate.sent().get(0);
        assertThat(sms.recipient()).isEqualTo(PHONE);
        assertThat(sms.smsId()).isEqualTo("s0");
        assertThat(sms.message()).contains(realm.getName()).endsWith("\n@localhost #" + sms.code());
        assertThat(sms.message().length()).isLessThanOrEqualTo(160);

        assertThat(codePage.instruction()).contains("+49 ••• ••• 6789").doesNotContain("23456789");
        WebElement input = codePage.codeInput();
        assertThat(input.getAttribute("autocomplete")).isEqualTo("one-time-code");
        assertThat(input.getAttribute("inputmode")).isEqualTo("numeric");
        assertThat(input.getAttribute("name")).isEqualTo("code");
        assertThat(driver.findElement(By.name("resend")).getAttribute("type")).isEqualTo("submit");

        codePage.submitCode(sms.code());
        AuthorizationEndpointResponse response = oauth.parseLoginResponse();
        assertThat(response.isSuccess()).isTrue();

        // the LOGIN event says how the second factor went: masked number, outcome, SMS sent by this login
        Set<String> created = sessionIds();
        created.removeAll(sessionsBefore);
        assertThat(created).hasSize(1);
        String sessionId = created.iterator().next();
        Predicate<EventRepresentation> thisLogin = e -> "LOGIN".equals(e.getType()) && sessionId.equals(e.getSessionId());
        EventRepresentation login = eventsOf(alice.getId(), thisLogin).stream().filter(thisLogin).findFirst().orElseThrow();
        assertThat(detail(login, "sipgate_sms_phone")).isEqualTo("+49 ••• ••• 6789");
        assertThat(detail(login, "sipgate_sms_outcome")).isEqualTo("sent");
        assertThat(detail(login, "sipgate_sms_sent")).isEqualTo("1");
        assertThat(driver.page().getPageSource()).doesNotContain(sms.code());
    }

    @Test
    @DisplayName("a wrong code is refused with an error and an invalid_user_credentials event; the right one then works")
    void wrongThenRightCode() {
        passwordStep("alice", "alice-pw");
        codePage.assertCurrent();
        String code = lastCode();
        String wrong = wrongCodeFor(code);

        codePage.submitCode(wrong);
        codePage.assertCurrent();
        assertThat(codePage.codeError()).contains("Invalid code");
        assertThat(codePage.codeInput().getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(errorEvents()).anyMatch(e -> "invalid_user_credentials".equals(e.getError()) && alice.getId().equals(e.getUserId()));

        codePage.submitCode(code);
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();
        assertThat(sipgate.sent()).hasSize(1);
    }

    @Test
    @DisplayName("re-entering the step (reload, page expired - continue) re-renders without sending another SMS")
    void reEnteringSendsNothing() {
        passwordStep("alice", "alice-pw");
        codePage.assertCurrent();
        String code = lastCode();

        for (int i = 0; i < 2; i++) {
            driver.open(driver.getCurrentUrl());
            List<WebElement> continueLink = driver.driver().findElements(By.id("loginContinueLink"));
            if (!continueLink.isEmpty()) {
                continueLink.get(0).click();
            }
            codePage.assertCurrent();
        }
        assertThat(sipgate.sent()).hasSize(1);
        assertThat(codePage.instruction()).contains("+49 ••• ••• 6789");

        codePage.submitCode(code);
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();
    }

    @Test
    @DisplayName("the resend hint counts down without a reload and enables 'Send a new code' at zero, announced once")
    void countdownEnablesResend() {
        policy(Map.of("resendCooldownSeconds", "4"));
        // a user without an SMS in the last seconds: the first SMS goes out, the hint counts the cooldown
        String number = freshNumber();
        newUser("counter", number);
        passwordStep("counter", PASSWORD);
        codePage.assertCurrent();
        assertThat(sipgate.sentTo(number)).hasSize(1);
        JavascriptExecutor js = (JavascriptExecutor) driver.driver();
        js.executeScript("window.sipgateSmsSamePage = true;");
        assertThat(codePage.resendEnabled()).as("disabled during the cooldown").isFalse();
        assertThat(codePage.resendHint()).containsPattern("You can request a new code in [1-4] seconds");
        assertThat(driver.findElement(By.id("sipgate-sms-resend-live")).getText()).as("nothing announced while counting").isEmpty();

        waitFor(Duration.ofSeconds(10), d -> codePage.resendEnabled());
        assertThat(codePage.resendHint()).isEqualTo("You can request a new code now.");
        assertThat(js.executeScript("return window.sipgateSmsSamePage === true;")).as("no reload").isEqualTo(true);
        assertThat((String) js.executeScript("return document.getElementById('sipgate-sms-resend-live').textContent;"))
            .as("announced once, at zero").isEqualTo("You can request a new code now.");

        codePage.resend();
        assertThat(sipgate.sentTo(number)).as("the enabled button sends").hasSize(2);
    }

    @Test
    @DisplayName("a resend that went out says so once, in the instruction with the masked number (a status), and nothing else")
    void resendConfirmed() {
        passwordStep("alice", "alice-pw");
        codePage.assertCurrent();
        assertThat(codePage.messages()).as("first SMS: the instruction says it, no message").isEmpty();

        codePage.resend();
        codePage.assertCurrent();
        assertThat(sipgate.sent()).hasSize(2);
        assertThat(codePage.instruction()).isEqualTo("We sent a new code to +49 ••• ••• 6789. It is valid for 5 minutes.");
        assertThat(codePage.messages()).as("no second 'we sent' beside it").isEmpty();
        assertThat(driver.findElement(By.id("sipgate-sms-instruction")).getAttribute("role")).as("announced").isEqualTo("status");
    }

    @Test
    @DisplayName("a wrong code while the user's cooldown held the SMS back keeps the countdown and the disabled button, with one message")
    void wrongCodeKeepsCountdown() {
        policy(Map.of("resendCooldownSeconds", "30"));
        String number = freshNumber();
        newUser("held", number);
        passwordStep("held", PASSWORD);
        codePage.assertCurrent();
        assertThat(sipgate.sentTo(number)).hasSize(1);
        // a second login inside the user's cooldown: no SMS, the page counts the wait down
        driver.cookies().deleteAll();
        passwordStep("held", PASSWORD);
        codePage.assertCurrent();
        assertThat(sipgate.sentTo(number)).hasSize(1);
        assertThat(codePage.resendEnabled()).as("disabled during the user's cooldown").isFalse();

        codePage.submitCode("000000");
        codePage.assertCurrent();
        assertThat(codePage.resendEnabled()).as("still disabled after the wrong code").isFalse();
        assertThat(codePage.resendHint()).containsPattern("You can request a new code in ([1-9]|[12][0-9]) seconds");
        assertThat(codePage.messages()).as("the error and the countdown, nothing else").hasSize(2)
            .anySatisfy(message -> assertThat(message).isEqualTo("There is no valid code. Request a new one."));
        codePage.resend();
        assertThat(sipgate.sentTo(number)).as("nothing sent inside the cooldown").hasSize(1);
    }

    @Test
    @DisplayName("a flow without another way: a failed send says nothing about choosing another way")
    void noOtherWayWithoutAlternative() {
        sipgate.failWith(500);
        passwordStep("alice", "alice-pw");
        codePage.assertCurrent();
        assertThat(codePage.alert()).contains("could not be sent");
        assertThat(driver.driver().findElements(By.id("sipgate-sms-other-way"))).isEmpty();
        assertThat(driver.driver().getPageSource()).doesNotContain("another way").doesNotContain("try-another-way");
    }

    @Test
    @DisplayName("resend inside the cooldown sends nothing; after it, a new code replaces the old one, whose entry is told outdated")
    void resendCooldown() {
        policy(Map.of("resendCooldownSeconds", "30"));
        passwordStep("alice", "alice-pw");
        codePage.assertCurrent();
        String first = lastCode();

        codePage.resend();
        codePage.assertCurrent();
        assertThat(codePage.messages()).as("one message: the hint asks to wait").singleElement().asString()
            .containsPattern("Please wait \\d+ seconds");
        assertThat(sipgate.sent()).hasSize(1);

        timeOffSet.set(31);
        codePage.resend();
        codePage.assertCurrent();
        assertThat(sipgate.sent()).hasSize(2);
        String second = lastCode();

        if (!first.equals(second)) {
            codePage.submitCode(first);
            codePage.assertCurrent();
            assertThat(codePage.codeError()).as("an outdated code is told apart from a wrong one")
                .isEqualTo("This code was replaced by a newer one. Enter the code from the newest SMS.");
            codePage.submitCode(second.equals("000000") ? "111111" : "000000");
            assertThat(codePage.codeError()).contains("Invalid code");
        }
        codePage.submitCode(second);
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();
    }

    @Test
    @DisplayName("a code entered after its lifetime is refused as expired")
    void expiredCode() {
        passwordStep("alice", "alice-pw");
        codePage.assertCurrent();
        String code = lastCode();

        timeOffSet.set(301);
        codePage.submitCode(code);
        codePage.assertCurrent();
        assertThat(codePage.codeError()).contains("expired");

        codePage.submitCode(code);
        codePage.assertCurrent();
        assertThat(codePage.alert()).contains("no valid code");
    }

    @Test
    @DisplayName("after maxAttempts wrong entries the code is void, even the right one fails")
    void maxAttemptsVoidsCode() {
        passwordStep("alice", "alice-pw");
        codePage.assertCurrent();
        String code = lastCode();
        String wrong = code.equals("999999") ? "888888" : "999999";

        codePage.submitCode(wrong);
        codePage.assertCurrent();
        codePage.submitCode(wrong);
        codePage.assertCurrent();
        codePage.submitCode(wrong);
        codePage.assertCurrent();
        assertThat(codePage.codeError()).contains("can no longer be used");

        codePage.submitCode(code);
        codePage.assertCurrent();
        assertThat(codePage.alert()).contains("no valid code");
        assertThat(driver.getCurrentUrl()).doesNotContain("code=");
    }

    @Test
    @DisplayName("a user without a phone number is sent to register one (REQUIRED step, action enabled); no SMS is sent")
    void userWithoutPhone() {
        passwordStep("nophone", "nophone-pw");
        waitFor(d -> d.getPageSource().contains("login-sipgate-sms-register-phone"));
        assertThat(driver.findElement(By.id("phone")).getAttribute("name")).isEqualTo("phone");
        assertThat(codePage.hasCodeInput()).isFalse();
        assertThat(sipgate.sent()).isEmpty();
    }

    @Test
    @DisplayName("the step works under the older 'keycloak' login theme too")
    void olderLoginTheme() {
        RealmRepresentation rep = realm.admin().toRepresentation();
        rep.setLoginTheme("keycloak");
        realm.admin().update(rep);
        realm.cleanup().add(r -> {
            RealmRepresentation back = r.toRepresentation();
            back.setLoginTheme(null);
            r.update(back);
        });

        passwordStep("alice", "alice-pw");
        codePage.assertCurrent();
        assertStyledBy("keycloak");
        String code = lastCode();
        String wrong = wrongCodeFor(code);

        codePage.submitCode(wrong);
        codePage.assertCurrent();
        assertThat(codePage.codeError()).contains("Invalid code");
        codePage.submitCode(code);
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();
    }

    @Test
    @DisplayName("a German-speaking user gets the page and the SMS in German")
    void german() {
        oauth.loginForm().uiLocales("de").open();
        loginPage.assertCurrent();
        loginPage.fillLogin("alice", "alice-pw");
        loginPage.submit();
        codePage.assertCurrent();

        assertThat(codePage.instruction()).contains("Wir haben Ihnen einen Code per SMS an +49 ••• ••• 6789 gesendet");
        FakeSipgate.Sms sms = sipgate.lastTo(PHONE).orElseThrow();
        assertThat(sms.message()).contains("Ihr Anmeldecode lautet " + sms.code()).endsWith("\n@localhost #" + sms.code());

        codePage.submitCode(wrongCodeFor(sms.code()));
        codePage.assertCurrent();
        assertThat(codePage.codeError()).contains("Ungültiger Code");
    }

    /** Login error events since the test started (events are stored asynchronously: poll a little). */
    private List<EventRepresentation> errorEvents() {
        List<EventRepresentation> found = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            for (EventRepresentation event = events.poll(); event != null; event = events.poll()) {
                if (event.getError() != null) {
                    found.add(event);
                }
            }
            if (!found.isEmpty()) {
                return found;
            }
            sleep(200);
        }
        return found;
    }

}
