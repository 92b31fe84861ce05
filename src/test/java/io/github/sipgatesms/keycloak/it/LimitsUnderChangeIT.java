package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;

/** Caps that hold when an administrator lowers them (a realm of its own: the budget counts every SMS of the realm). */
@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("send limits hold under every change, on a real server")
class LimitsUnderChangeIT extends SmsBrowserTest {

    /** A realm of its own: the realm budget counts every SMS of the realm. */
    public static class HeadroomRealm extends SmsRealmConfig {
        @Override
        protected RealmBuilder realmSettings(RealmBuilder realm) {
            return realm.name("headroom");
        }
    }

    @InjectRealm(config = HeadroomRealm.class)
    ManagedRealm realm;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @Test
    @DisplayName("the realm budget lowered mid-hour to 'sent so far + 3', after refused claims: exactly 3 more SMS go out")
    void loweredBudget() {
        // a budget above 64 (the old slot index probing went random there) and one SMS per user and hour
        policy(Map.of("maxSmsPerRealmPerHour", "1000", "maxSmsPerUserPerHour", "1"));
        int sent = 0;
        for (int i = 0; i < 10; i++) {
            String number = freshNumber();
            newUser("early" + i, number);
            FormLogin login = new FormLogin();
            FormLogin.Page page = login.toCodePage(oauth, "early" + i, PASSWORD);
            assertThat(page.isCodePage()).isTrue();
            // a refused claim: the user's hourly cap
            assertThat(login.resend(page).messages()).contains("Too many codes were requested");
            sent += sipgate.sentTo(number).size();
        }
        assertThat(sent).isEqualTo(10);

        changePolicy(Map.of("maxSmsPerRealmPerHour", Integer.toString(sent + 3)));
        int more = 0;
        for (int i = 0; i < 8; i++) {
            String number = freshNumber();
            newUser("late" + i, number);
            new FormLogin().toCodePage(oauth, "late" + i, PASSWORD);
            more += sipgate.sentTo(number).size();
        }
        assertThat(more).as("SMS after the budget was lowered to %d", sent + 3).isEqualTo(3);
    }
}
