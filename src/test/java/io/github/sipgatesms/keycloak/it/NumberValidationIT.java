package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;
import org.keycloak.testframework.realm.ManagedRealm;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;

@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("numbers are checked before every send, on a real server")
class NumberValidationIT extends SmsBrowserTest {

    @InjectRealm(config = SmsRealmConfig.class)
    ManagedRealm realm;

    @InjectEvents
    Events events;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "premium, +49 900 1234567, not_mobile",
        "sharedcost, +49 180 12345, not_mobile",
        "tollfree, 0800 1234567890, not_mobile",
        "landline, +49 30 123456, not_mobile",
        "shortcode, 11880, invalid",
        "letters, 0151 CALLME12, invalid",
        "nosuchrange, +49 32 12345678, invalid"
    })
    @DisplayName("a premium-rate, toll-free, shared-cost, fixed-line, short or lettered number gets no SMS and is never replaced by self-registration")
    void refused(String username, String phone, String problem) {
        String userId = newUser(username, phone);
        FormLogin.Page page = new FormLogin().toCodePage(oauth, username, PASSWORD);

        // configured (a number is present), but unusable: the "number unusable" page, not the registration
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.messages()).contains("cannot receive SMS codes");
        assertThat(page.body()).doesNotContain("id=\"phone\"").doesNotContain("id=\"code\"");
        assertThat(sipgate.requests()).as("requests to sipgate").isEmpty();
        List<EventRepresentation> seen = eventsOf(userId, e -> "sipgate_sms_invalid_number".equals(e.getError()));
        assertThat(seen).anyMatch(e -> "sipgate_sms_invalid_number".equals(e.getError()) && problem.equals(detail(e, "sipgate_sms_number_problem")));
    }

    @Test
    @DisplayName("allowedRegions refuses a valid mobile number of another region and accepts one of its own")
    void allowedRegions() {
        policy(Map.of("allowedRegions", "DE"));
        newUser("austrian", "+43 664 123456");
        FormLogin.Page page = new FormLogin().toCodePage(oauth, "austrian", PASSWORD);
        assertThat(page.messages()).contains("cannot receive SMS codes");
        assertThat(sipgate.requests()).isEmpty();

        String german = freshNumber();
        newUser("german", german);
        assertThat(new FormLogin().toCodePage(oauth, "german", PASSWORD).isCodePage()).isTrue();
        assertThat(sipgate.sentTo(german)).hasSize(1);
    }
}
