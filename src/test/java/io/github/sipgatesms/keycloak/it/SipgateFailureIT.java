package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.InjectUser;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.ManagedUser;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;

import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;
import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;

@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("when sipgate fails, the user gets a clear page and can retry")
class SipgateFailureIT extends SmsBrowserTest {

    @InjectRealm(config = SmsRealmConfig.class)
    ManagedRealm realm;

    @InjectUser(config = SmsLoginIT.Alice.class, ref = "alice")
    ManagedUser alice;

    @InjectEvents
    Events events;

    @InjectTimeOffSet(enableForCaches = true)
    TimeOffSet timeOffSet;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    private void passwordStep() {
        passwordStep("alice", "alice-pw");
    }

    @ParameterizedTest(name = "sipgate answers {0}")
    @ValueSource(ints = {401, 402, 403, 500})
    @DisplayName("an error status shows 'could not be sent' on the code page, never the 'code sent' wording or a 500")
    void errorStatus(int status) {
        long started = System.currentTimeMillis();
        sipgate.failWith(status);
        passwordStep();
        codePage.assertCurrent();
        assertThat(codePage.alert()).contains("could not be sent");
        assertThat(codePage.instruction()).doesNotContain("We sent");
        assertThat(sipgate.requests()).hasSize(1);
        assertThat(sipgate.sent()).isEmpty();

        // the administrator's event: masked number, outcome and sipgate's status, nothing secret
        long finished = System.currentTimeMillis();
        Predicate<EventRepresentation> wanted = e -> e.getTime() >= started && e.getTime() <= finished
            && Integer.toString(status).equals(detail(e, "sipgate_sms_status"));
        List<EventRepresentation> seen = eventsOf(alice.getId(), wanted);
        EventRepresentation event = seen.stream().filter(wanted).findFirst().orElseThrow(() -> new AssertionError("no event with status " + status + ": " + seen));
        assertThat(event.getError()).startsWith("sipgate_sms_");
        assertThat(detail(event, "sipgate_sms_outcome")).isEqualTo("sipgate_error");
        assertThat(detail(event, "sipgate_sms_phone")).isEqualTo("+49 ••• ••• 6789");
        assertThat(event.getDetails().values()).noneMatch(v -> v.contains("23456789") || v.contains(FakeSipgate.TOKEN));
    }

    @Test
    @DisplayName("a hung sipgate releases the login within 10 seconds with an error, after one request")
    void hangIsBounded() {
        sipgate.hang();
        oauth.openLoginForm();
        loginPage.assertCurrent();
        loginPage.fillLogin("alice", "alice-pw");
        long start = System.nanoTime();
        loginPage.submit();
        // the framework's page wait gives up after 5 s, about when the sender's 5 s socket timeout ends the hang:
        // wait longer here, and let the measured time decide
        waitFor(Duration.ofSeconds(20), d -> codePage.getExpectedPageId().equals(driver.page().getCurrentPageId()));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        codePage.assertCurrent();
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        assertThat(codePage.alert()).contains("could not be sent");
        assertThat(sipgate.requests()).as("sipgate called once: a timed-out POST is never sent again").hasSize(1);
    }

    @Test
    @DisplayName("a failed send counts for the cooldown; after it the user retries with 'resend' and logs in")
    void retryAfterFailure() {
        policy(Map.of("resendCooldownSeconds", "30"));
        sipgate.failWith(500);
        passwordStep();
        codePage.assertCurrent();
        assertThat(codePage.alert()).contains("could not be sent");

        sipgate.reset();
        codePage.resend();
        codePage.assertCurrent();
        assertThat(codePage.resendHint()).contains("Please wait");
        assertThat(sipgate.sent()).isEmpty();

        timeOffSet.set(31);
        codePage.resend();
        codePage.assertCurrent();
        assertThat(sipgate.sent()).hasSize(1);
        assertThat(codePage.instruction()).contains("We sent");

        codePage.submitCode(sipgate.sent().get(0).code());
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();
    }

    @Test
    @DisplayName("sipgate's 429 asks the user to try again later")
    void rateLimited() {
        sipgate.failWith(429, "60");
        passwordStep();
        codePage.assertCurrent();
        assertThat(codePage.alert()).contains("try again later");
    }
}
