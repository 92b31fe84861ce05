package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.DefaultOAuthClientConfiguration;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ClientBuilder;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;

/**
 * One realm SMS policy (docs/flow.md): a client whose browser flow has no SMS step, or a step config left over from
 * the previous release, never loosens the realm's rules.
 */
@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("the realm SMS policy applies to every client, flow and the registration")
class RealmPolicyIT extends SmsBrowserTest {

    static final String PASSWORD_ONLY = "password-only";
    static final String LEGACY_ALIAS = "legacy-sms-config";

    /** Policy: German numbers only, 3 SMS an hour for the realm; the step still holds a config of the previous release. */
    public static class PolicyRealm extends SmsRealmConfig {
        @Override
        protected Map<String, String> smsConfig() {
            Map<String, String> config = super.smsConfig();
            config.put("allowedRegions", "DE");
            config.put("maxSmsPerRealmPerHour", "3");
            // the whole budget may go to registrations here: the test is about which budget applies, not its share
            config.put("registrationSharePercent", "100");
            return config;
        }

        @Override
        protected RealmBuilder realmSettings(RealmBuilder realm) {
            return realm.update(rep -> {
                List<AuthenticationFlowRepresentation> flows = new ArrayList<>(rep.getAuthenticationFlows());
                flows.add(EarlierProofIT.flow(PASSWORD_ONLY, true, EarlierProofIT.execution("auth-username-password-form", 10, null)));
                flows.get(0).getAuthenticationExecutions().get(1).setAuthenticatorConfig(LEGACY_ALIAS);
                rep.setAuthenticationFlows(flows);
                AuthenticatorConfigRepresentation legacy = new AuthenticatorConfigRepresentation();
                legacy.setAlias(LEGACY_ALIAS);
                legacy.setConfig(Map.of("allowedRegions", "FR", "maxSmsPerRealmPerHour", "500"));
                rep.setAuthenticatorConfig(List.of(legacy));
            });
        }
    }

    /** A second application of the realm; its browser flow (set in the test) has no SMS step. */
    public static class PlainClient extends DefaultOAuthClientConfiguration {
        @Override
        public ClientBuilder configure(ClientBuilder client) {
            return super.configure(client).clientId("plain-app");
        }
    }

    @InjectRealm(config = PolicyRealm.class, ref = "policy")
    ManagedRealm realm;

    @InjectOAuthClient(ref = "policy", realmRef = "policy")
    OAuthClient policyOauth;

    @InjectOAuthClient(ref = "plain", realmRef = "policy", config = PlainClient.class)
    OAuthClient plainOauth;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @Override
    OAuthClient oauth() {
        return policyOauth;
    }

    @Test
    @DisplayName("registration through a client whose flow has no SMS step: a French number refused, and no 4th SMS of the realm's 3")
    void registrationThroughAnotherClientFollowsThePolicy() {
        bindBrowserFlow("plain-app", PASSWORD_ONLY);
        newUser("policy-newbie", null);

        FormLogin browser = new FormLogin();
        FormLogin.Page login = browser.get(plainOauth.loginForm().kcAction("sipgate-sms-register-phone").build());
        FormLogin.Page phone = browser.password(login, "policy-newbie", PASSWORD);
        assertThat(phone.body()).as("the registration's number form").contains("name=\"phone\"");

        FormLogin.Page refused = browser.post(phone.formAction("kc-sipgate-sms-register-form"), Map.of("phone", "+33 6 12 34 56 78"));
        assertThat(refused.body()).as("a French number under allowedRegions=DE").contains("name=\"phone\"")
            .contains("Codes cannot be sent to numbers from this country");
        assertThat(sipgate.requests()).as("no SMS to a French number").isEmpty();

        String number = freshNumber();
        FormLogin.Page code = browser.post(refused.formAction("kc-sipgate-sms-register-form"), Map.of("phone", number));
        assertThat(code.isCodePage()).isTrue();
        for (int i = 0; i < 3; i++) {
            code = browser.resend(code);
        }
        assertThat(sipgate.sentTo(number)).as("the realm's budget of 3 SMS per hour, not the default 500").hasSize(3);
        assertThat(code.messages()).contains("try again");
    }

    @Test
    @DisplayName("a step config holding allowedRegions=FR changes nothing, and is named in one WARN")
    void stepConfigIgnored() throws IOException {
        newUser("policy-french", "+33 6 12 34 56 78");
        for (int i = 0; i < 2; i++) {
            FormLogin.Page page = new FormLogin().toCodePage(policyOauth, "policy-french", PASSWORD);
            assertThat(page.messages()).as("the realm's DE rule, not the step's FR").contains("cannot receive SMS codes");
        }
        assertThat(sipgate.requests()).isEmpty();
        List<String> warnings = Files.readAllLines(SmsServerConfig.LOG_FILE, StandardCharsets.UTF_8).stream()
            .filter(line -> line.contains("WARN") && line.contains("'" + LEGACY_ALIAS + "'")).toList();
        assertThat(warnings).as("WARN lines naming the step's config").singleElement().asString()
            .contains("[allowedRegions, maxSmsPerRealmPerHour]").contains("Realm settings -> SMS (sipgate)");
    }
}
