package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ComponentExportRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.RealmPolicy;
import io.github.sipgatesms.keycloak.it.support.SharedSipgate;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;
import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;

@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("sipgate credentials from the vault, fail-closed references, masked in the admin API")
class SecretsIT extends SmsBrowserTest {

    /** The realm policy has its own credentials: the token is a reference into the server's file vault. */
    public static class VaultRealm extends SmsRealmConfig {
        @Override
        protected Map<String, String> smsConfig() {
            Map<String, String> config = super.smsConfig();
            config.put("sipgateBaseUrl", SharedSipgate.get().baseUrl());
            config.put("sipgateTokenId", FakeSipgate.TOKEN_ID);
            config.put("sipgateToken", "${vault." + SmsServerConfig.VAULT_KEY + "}");
            return config;
        }

        @Override
        protected RealmBuilder realmSettings(RealmBuilder realm) {
            return realm.name(SmsServerConfig.VAULT_REALM);
        }
    }

    @InjectRealm(config = VaultRealm.class)
    ManagedRealm realm;

    @InjectEvents
    Events events;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @Test
    @DisplayName("a ${vault.*} token resolves through the file vault and the login works; the page never shows it")
    void vaultReference() {
        policy(Map.of("sipgateToken", "${vault." + SmsServerConfig.VAULT_KEY + "}"));
        String number = freshNumber();
        newUser("vaulted", number);
        FormLogin login = new FormLogin();
        FormLogin.Page page = login.toCodePage(oauth, "vaulted", PASSWORD);
        assertThat(sipgate.sentTo(number)).hasSize(1);
        assertThat(page.body()).doesNotContain(FakeSipgate.TOKEN).doesNotContain(sipgate.lastTo(number).orElseThrow().code());
        assertThat(login.submitCode(page, sipgate.lastTo(number).orElseThrow().code()).loggedIn()).isTrue();
    }

    @Test
    @DisplayName("a reference the vault does not know fails closed: no request to sipgate, a clear page and an event")
    void missingReference() {
        policy(Map.of("sipgateToken", "${vault.no-such-key}"));
        String number = freshNumber();
        String userId = newUser("unlucky", number);
        FormLogin.Page page = new FormLogin().toCodePage(oauth, "unlucky", PASSWORD);
        assertThat(page.messages()).contains("could not be sent");
        assertThat(sipgate.requests()).as("requests to sipgate").isEmpty();
        List<EventRepresentation> seen = awaitEvents(events, e -> "sipgate_sms_configuration".equals(e.getError()));
        assertThat(seen).anyMatch(e -> userId.equals(e.getUserId()) && "sipgate_sms_configuration".equals(e.getError()));
    }

    @Test
    @DisplayName("an unresolved vault reference takes no cooldown: once the vault is fixed, the next attempt sends at once")
    void unresolvedReferenceTakesNoCooldown() {
        policy(Map.of("sipgateToken", "${vault.no-such-key}", "resendCooldownSeconds", "300"));
        String number = freshNumber();
        newUser("fixed", number);
        FormLogin login = new FormLogin();
        FormLogin.Page page = login.toCodePage(oauth, "fixed", PASSWORD);
        assertThat(page.messages()).contains("could not be sent");
        assertThat(sipgate.requests()).isEmpty();

        changePolicy(Map.of("sipgateToken", "${vault." + SmsServerConfig.VAULT_KEY + "}"));
        FormLogin.Page again = login.resend(page);
        assertThat(again.messages()).doesNotContain("Please wait");
        assertThat(sipgate.sentTo(number)).hasSize(1);
    }

    @Test
    @DisplayName("a literal token is masked by the admin REST API and the partial export, on every supported version")
    void literalTokenMasked() {
        policy(Map.of("sipgateToken", FakeSipgate.TOKEN));
        Map<String, String> stored = RealmPolicy.values(realm.admin());
        RealmRepresentation export = realm.admin().partialExport(true, true);
        ComponentExportRepresentation exported = export.getComponents().get(SmsRealmConfig.POLICY_TYPE).stream()
            .filter(c -> SmsRealmConfig.POLICY_ID.equals(c.getProviderId())).findFirst().orElseThrow();
        assertThat(stored.get("sipgateTokenId")).isEqualTo(FakeSipgate.TOKEN_ID);
        // a secret property of a realm component: masked by the admin API and the partial export on every supported version
        assertThat(stored.get("sipgateToken")).isNotBlank().isNotEqualTo(FakeSipgate.TOKEN).matches("\\*+");
        assertThat(exported.getConfig().getFirst("sipgateToken")).isNotBlank().isNotEqualTo(FakeSipgate.TOKEN).matches("\\*+");

        // the masked value is only a mask: the stored token still sends
        String number = freshNumber();
        newUser("literal", number);
        new FormLogin().toCodePage(oauth, "literal", PASSWORD);
        assertThat(sipgate.sentTo(number)).hasSize(1);
    }
}
