package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;
import org.keycloak.testframework.realm.ManagedRealm;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;

/**
 * The per-user bound of 100 consecutive wrong codes, in a realm whose brute-force detection is off (Keycloak's
 * default). Browser-less: 200 code entries through the real pages take a few seconds this way.
 */
@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("at most 100 consecutive wrong codes per user, across logins and new codes, on a real server")
class FailureBoundIT extends SmsBrowserTest {

    private static final String TRUST_COOKIE = "SIPGATE_SMS_TRUST";

    @InjectRealm(config = SmsRealmConfig.class)
    ManagedRealm realm;

    @InjectEvents
    Events events;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @BeforeEach
    void tenAttemptsPerCode() {
        policy(Map.of("maxAttempts", String.valueOf(WRONG_PER_CODE + 1)));
    }

    @Test
    @DisplayName("after 100 wrong codes over two logins and 12 codes, even the right code is refused like a wrong one; no more SMS")
    void boundAcrossLoginsAndCodes() {
        String number = freshNumber();
        String userId = newUser("guesser", number);

        FormLogin first = new FormLogin();
        wrongCodes(first, first.toCodePage(oauth, "guesser", PASSWORD), number, 50);
        FormLogin second = new FormLogin();
        FormLogin.Page page = wrongCodes(second, second.toCodePage(oauth, "guesser", PASSWORD), number, 50);
        int smsSoFar = sipgate.sentTo(number).size();
        assertThat(smsSoFar).isEqualTo(12);

        FormLogin.Page refused = second.submitCode(page, sipgate.lastTo(number).orElseThrow().code());
        assertThat(refused.loggedIn()).isFalse();
        assertThat(refused.messages()).contains("Invalid code").doesNotContain("locked").doesNotContain("disabled");

        FormLogin third = new FormLogin();
        FormLogin.Page again = third.toCodePage(oauth, "guesser", PASSWORD);
        assertThat(again.isCodePage()).isTrue();
        assertThat(again.messages()).as("the user is told no code can be sent now, not left waiting for an SMS")
            .contains("Too many codes were requested");
        assertThat(sipgate.sentTo(number)).as("no SMS once the bound is reached").hasSize(smsSoFar);

        List<EventRepresentation> seen = eventsOf(userId, e -> "sipgate_sms_failure_bound".equals(e.getError()));
        assertThat(seen).anyMatch(e -> "sipgate_sms_failure_bound".equals(e.getError()));
        assertThat(seen.stream().filter(e -> "invalid_user_credentials".equals(e.getError()))).hasSize(100);
    }

    @Test
    @DisplayName("at the bound a browser trusted for the user does not skip the step: no SMS, and the 'too many codes' message")
    void noTrustedSkipAtTheBound() {
        changePolicy(Map.of("trustBrowserDays", "30"));
        String number = freshNumber();
        newUser("bound-trusted", number);
        FormLogin trusted = new FormLogin();
        FormLogin.Page code = trusted.toCodePage(oauth, "bound-trusted", PASSWORD);
        assertThat(trusted.submitCode(code, sipgate.lastTo(number).orElseThrow().code(), true).loggedIn()).isTrue();
        trusted.keepOnly(TRUST_COOKIE);
        assertThat(trusted.toCodePage(oauth, "bound-trusted", PASSWORD).loggedIn()).as("trusted before the bound").isTrue();
        trusted.keepOnly(TRUST_COOKIE);

        FormLogin guesser = new FormLogin();
        wrongCodes(guesser, guesser.toCodePage(oauth, "bound-trusted", PASSWORD), number, 100);
        int sms = sipgate.sentTo(number).size();
        FormLogin.Page page = trusted.toCodePage(oauth, "bound-trusted", PASSWORD);
        assertThat(page.loggedIn()).as("no skip for a locked user").isFalse();
        assertThat(page.messages()).contains("Too many codes were requested");
        assertThat(sipgate.sentTo(number)).hasSize(sms);
    }

    @Test
    @DisplayName("a right code resets the count: 99 wrong, a login, 99 wrong again, and the right code still works")
    void successResets() {
        String number = freshNumber();
        newUser("forgetful", number);

        FormLogin first = new FormLogin();
        FormLogin.Page page = wrongCodes(first, first.toCodePage(oauth, "forgetful", PASSWORD), number, 99);
        assertThat(first.submitCode(page, sipgate.lastTo(number).orElseThrow().code()).loggedIn()).isTrue();

        FormLogin second = new FormLogin();
        page = wrongCodes(second, second.toCodePage(oauth, "forgetful", PASSWORD), number, 99);
        assertThat(second.submitCode(page, sipgate.lastTo(number).orElseThrow().code()).loggedIn()).isTrue();
    }
}
