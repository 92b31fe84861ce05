package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;

@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("the realm's hourly SMS budget on a real server")
class RealmBudgetIT extends SmsBrowserTest {

    /** A realm of its own: the budget counts every SMS of the realm in the last hour. */
    public static class SmallBudget extends SmsRealmConfig {
        @Override
        protected Map<String, String> smsConfig() {
            Map<String, String> config = super.smsConfig();
            config.put("maxSmsPerRealmPerHour", "2");
            // the code pages offer the trust box; the refused page, without a code, must not
            config.put("trustBrowserDays", "30");
            return config;
        }

        @Override
        protected RealmBuilder realmSettings(RealmBuilder realm) {
            // a realm id no other test class uses: the budget is per realm
            return realm.name("budget");
        }
    }

    @InjectRealm(config = SmallBudget.class)
    ManagedRealm realm;

    @InjectEvents
    Events events;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @Test
    @DisplayName("two users get their SMS, the third user of the hour is refused with the common 'try again' page")
    void budget() {
        String first = freshNumber();
        String second = freshNumber();
        String third = freshNumber();
        newUser("first", first);
        newUser("second", second);
        String thirdId = newUser("third", third);

        FormLogin.Page firstPage = new FormLogin().toCodePage(oauth, "first", PASSWORD);
        assertThat(firstPage.isCodePage()).isTrue();
        assertThat(firstPage.body()).as("a code page with a code offers the trust box").contains("name=\"trust\"");
        assertThat(new FormLogin().toCodePage(oauth, "second", PASSWORD).isCodePage()).isTrue();
        FormLogin.Page refused = new FormLogin().toCodePage(oauth, "third", PASSWORD);

        assertThat(sipgate.sentTo(first)).hasSize(1);
        assertThat(sipgate.sentTo(second)).hasSize(1);
        assertThat(sipgate.sentTo(third)).isEmpty();
        assertThat(refused.messages()).contains("Too many codes were requested. Please try again in 60 minutes");
        // the page says only that: no "request a code with the button", the button disabled, no trust box without a code
        assertThat(refused.body()).doesNotContain("with the button below").doesNotContain("name=\"trust\"")
            .containsPattern("id=\"sipgate-sms-resend\"[^>]*disabled");
        List<EventRepresentation> seen = awaitEvents(events, e -> thirdId.equals(e.getUserId()) && e.getError() != null);
        assertThat(seen).anyMatch(e -> thirdId.equals(e.getUserId()) && "sipgate_sms_limit".equals(e.getError())
            && "realm_hourly".equals(detail(e, "sipgate_sms_limit")));
    }
}
