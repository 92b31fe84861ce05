package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.InjectUser;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.ManagedUser;

import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;
import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;

@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("server-wide options and their safety rules, on a real server")
class ServerOptionsIT extends SmsBrowserTest {

    /** A second sipgate, standing for a host a realm administrator controls. */
    private static final FakeSipgate OTHER = FakeSipgate.start();

    /** The realm administrator points the policy elsewhere and asks for simulation; the server allows neither. */
    public static class RedirectingRealm extends SmsRealmConfig {
        @Override
        protected Map<String, String> smsConfig() {
            Map<String, String> config = super.smsConfig();
            config.put("sipgateBaseUrl", OTHER.baseUrl());
            config.put("simulation", "true");
            return config;
        }
    }

    @InjectRealm(config = RedirectingRealm.class)
    ManagedRealm realm;

    @InjectUser(config = SmsLoginIT.Alice.class, ref = "alice")
    ManagedUser alice;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @AfterEach
    void clearOther() {
        OTHER.clear();
    }

    @AfterAll
    static void stopOther() {
        OTHER.close();
    }

    private void loginWithCode(FakeSipgate expectedSipgate) {
        passwordStep("alice", "alice-pw");
        codePage.assertCurrent();
        codePage.submitCode(expectedSipgate.lastTo(PHONE).orElseThrow().code());
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();
    }

    @Test
    @DisplayName("the server's token never goes to the realm policy's base URL, and simulation needs the server's permission")
    void serverTokenStaysOnServerUrl() {
        loginWithCode(sipgate);
        assertThat(OTHER.requests()).as("requests to the realm administrator's host").isEmpty();
        assertThat(sipgate.sent()).hasSize(1);
    }

    @Test
    @DisplayName("a realm policy with its own credentials uses its own base URL")
    void policyCredentials() {
        policy(Map.of("sipgateTokenId", FakeSipgate.TOKEN_ID, "sipgateToken", FakeSipgate.TOKEN));

        loginWithCode(OTHER);
        assertThat(sipgate.requests()).isEmpty();
    }
}
