package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ClientBuilder;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.realm.UserBuilder;
import org.openqa.selenium.By;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;

/**
 * The step in the flows docs/flow.md walks through besides the ordinary browser flow, built in realm JSON the way the
 * walk-throughs build them: a step-up (the SMS only at level 2, and the token's {@code acr} says so), {@code amr}
 * from the step's Authenticator Reference with Keycloak's AMR mapper, and the post login flow of an identity provider
 * (a second realm of the same server is the provider).
 */
@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("step-up, amr 'sms' in tokens and an identity provider's post login flow, on a real server")
class OtherFlowsIT extends SmsBrowserTest {

    /**
     * Keycloak's step-up flow: Cookie or an authentication sub-flow holding a level-1 sub-flow (the password) and a level-2
     * sub-flow (the SMS step), each under Condition - Level of Authentication.
     */
    public static class StepUpRealm extends SmsRealmConfig {
        @Override
        protected RealmBuilder realmSettings(RealmBuilder realm) {
            return realm.update(rep -> {
                List<AuthenticationFlowRepresentation> flows = new ArrayList<>(rep.getAuthenticationFlows());
                flows.add(EarlierProofIT.flow("browser-stepup", true, execution("auth-cookie", "ALTERNATIVE", 10, null),
                    subFlow("stepup-auth", "ALTERNATIVE", 20)));
                flows.add(EarlierProofIT.flow("stepup-auth", false, subFlow("stepup-level1", "CONDITIONAL", 10),
                    subFlow("stepup-level2", "CONDITIONAL", 20)));
                flows.add(EarlierProofIT.flow("stepup-level1", false, execution("conditional-level-of-authentication", "REQUIRED", 10, "loa1"),
                    execution("auth-username-password-form", "REQUIRED", 20, null)));
                flows.add(EarlierProofIT.flow("stepup-level2", false, execution("conditional-level-of-authentication", "REQUIRED", 10, "loa2"),
                    execution("sipgate-sms", "REQUIRED", 20, null)));
                rep.setAuthenticationFlows(flows);
                rep.setAuthenticatorConfig(List.of(config("loa1", Map.of("loa-condition-level", "1", "loa-max-age", "36000")),
                    config("loa2", Map.of("loa-condition-level", "2", "loa-max-age", "0"))));
                rep.setBrowserFlow("browser-stepup");
            });
        }
    }

    /** The README's browser flow, with Authenticator Reference {@code pwd} on the password form and {@code sms} on the step. */
    public static class AmrRealm extends SmsRealmConfig {
        @Override
        protected RealmBuilder realmSettings(RealmBuilder realm) {
            return realm.update(rep -> {
                AuthenticationFlowRepresentation browser = rep.getAuthenticationFlows().stream()
                    .filter(flow -> FLOW.equals(flow.getAlias())).findFirst().orElseThrow();
                for (AuthenticationExecutionExportRepresentation execution : browser.getAuthenticationExecutions()) {
                    execution.setAuthenticatorConfig("sipgate-sms".equals(execution.getAuthenticator()) ? "sms-amr" : "pwd-amr");
                }
                rep.setAuthenticatorConfig(List.of(config("sms-amr", Map.of("default.reference.value", "sms", "default.reference.maxAge", "36000")),
                    config("pwd-amr", Map.of("default.reference.value", "pwd", "default.reference.maxAge", "36000"))));
            });
        }
    }

    /** The identity provider: a realm with one user and the client the broker logs in with. */
    public static class UpstreamRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.users(UserBuilder.create("upstream-user").password(PASSWORD).email("upstream-user@example.org")
                    .name("Up", "Stream").emailVerified(true))
                .clients(ClientBuilder.create("broker").secret("broker-secret").redirectUris("*"));
        }
    }

    /** The README's browser flow, and a flow holding only the step, for an identity provider's post login flow. */
    public static class BrokerRealm extends SmsRealmConfig {
        @Override
        protected RealmBuilder realmSettings(RealmBuilder realm) {
            return realm.update(rep -> {
                List<AuthenticationFlowRepresentation> flows = new ArrayList<>(rep.getAuthenticationFlows());
                flows.add(EarlierProofIT.flow(POST_LOGIN_FLOW, true, EarlierProofIT.execution("sipgate-sms", 10, null)));
                rep.setAuthenticationFlows(flows);
            });
        }
    }

    static final String POST_LOGIN_FLOW = "sms after the provider";

    static AuthenticationExecutionExportRepresentation execution(String authenticator, String requirement, int priority, String config) {
        AuthenticationExecutionExportRepresentation execution = EarlierProofIT.execution(authenticator, priority, config);
        execution.setRequirement(requirement);
        return execution;
    }

    static AuthenticationExecutionExportRepresentation subFlow(String alias, String requirement, int priority) {
        AuthenticationExecutionExportRepresentation execution = new AuthenticationExecutionExportRepresentation();
        execution.setFlowAlias(alias);
        execution.setRequirement(requirement);
        execution.setPriority(priority);
        execution.setAuthenticatorFlow(true);
        return execution;
    }

    static AuthenticatorConfigRepresentation config(String alias, Map<String, String> values) {
        AuthenticatorConfigRepresentation config = new AuthenticatorConfigRepresentation();
        config.setAlias(alias);
        config.setConfig(values);
        return config;
    }

    @InjectRealm(config = StepUpRealm.class)
    ManagedRealm realm;

    @InjectRealm(config = AmrRealm.class, ref = "amr")
    ManagedRealm amrRealm;

    @InjectOAuthClient(ref = "amr", realmRef = "amr")
    OAuthClient amrOauth;

    @InjectRealm(config = UpstreamRealm.class, ref = "upstream")
    ManagedRealm upstream;

    @InjectRealm(config = BrokerRealm.class, ref = "broker")
    ManagedRealm broker;

    @InjectOAuthClient(ref = "broker", realmRef = "broker")
    OAuthClient brokerOauth;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    /** The ID token of a finished login (the page redirected to the client with a code). */
    private static IDToken idToken(OAuthClient client, FormLogin.Page done) {
        assertThat(done.loggedIn()).as("logged in: %s", done.location()).isTrue();
        String code = done.location().replaceAll(".*[?&]code=([^&]+).*", "$1");
        return client.verifyIDToken(client.doAccessTokenRequest(code).getIdToken());
    }

    @Test
    @DisplayName("step-up: a level-1 login asks for no SMS (acr 1); acr_values=2 then asks for the SMS only, and the token's acr says 2")
    void stepUp() {
        String number = freshNumber();
        newUser("stepper", number);
        FormLogin browser = new FormLogin();
        IDToken first = idToken(oauth, browser.toCodePage(oauth, "stepper", PASSWORD));
        assertThat(first.getAcr()).isEqualTo("1");
        assertThat(sipgate.sent()).as("no SMS at level 1").isEmpty();

        FormLogin.Page code = browser.get(oauth.loginForm().build() + "&acr_values=2");
        assertThat(code.isCodePage()).as("level 2: the SMS, and no password again").isTrue();
        assertThat(code.body()).doesNotContain("name=\"trust\"");
        IDToken second = idToken(oauth, browser.submitCode(code, sipgate.lastTo(number).orElseThrow().code()));
        assertThat(second.getAcr()).isEqualTo("2");
    }

    @Test
    @DisplayName("amr: with Authenticator Reference 'sms' on the step and Keycloak's AMR mapper, the ID token's amr holds pwd and sms")
    void amr() {
        // the framework's client, its id with the injection's ref appended
        ClientResource client = amrRealm.admin().clients().get(amrRealm.admin().clients().findAll().stream()
            .filter(c -> c.getClientId().startsWith("test-app")).findFirst().orElseThrow().getId());
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName("amr");
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("oidc-amr-mapper");
        mapper.setConfig(Map.of("id.token.claim", "true", "access.token.claim", "true"));
        client.getProtocolMappers().createMapper(mapper).close();

        String number = freshNumber();
        amrRealm.addUser(UserBuilder.create("amr-user").password(PASSWORD)
            .email("amr-user@example.org").name("Amr", "User").emailVerified(true).attribute("phoneNumber", number));
        FormLogin browser = new FormLogin();
        FormLogin.Page code = browser.toCodePage(amrOauth, "amr-user", PASSWORD);
        assertThat(code.isCodePage()).isTrue();
        IDToken token = idToken(amrOauth, browser.submitCode(code, sipgate.lastTo(number).orElseThrow().code()));
        assertThat(token.getOtherClaims().get("amr")).asList().contains("pwd", "sms");
    }

    @Test
    @DisplayName("identity provider: its post login flow with the step sends the code to the linked user's number; the token names that user")
    void postBrokerLogin() {
        IdentityProviderRepresentation provider = new IdentityProviderRepresentation();
        provider.setAlias("upstream");
        provider.setProviderId("keycloak-oidc");
        provider.setEnabled(true);
        provider.setPostBrokerLoginFlowAlias(POST_LOGIN_FLOW);
        String base = upstream.getBaseUrl() + "/protocol/openid-connect";
        provider.setConfig(Map.of("clientId", "broker", "clientSecret", "broker-secret", "clientAuthMethod", "client_secret_post",
            "authorizationUrl", base + "/auth", "tokenUrl", base + "/token", "userInfoUrl", base + "/userinfo",
            "issuer", upstream.getBaseUrl(), "validateSignature", "false", "syncMode", "IMPORT", "defaultScope", "openid"));
        broker.admin().identityProviders().create(provider).close();
        broker.cleanup().add(r -> r.identityProviders().get("upstream").remove());

        String number = freshNumber();
        broker.addUser(UserBuilder.create("linked").password(PASSWORD).email("linked@example.org").name("Linked", "User")
            .emailVerified(true).attribute("phoneNumber", number));
        FederatedIdentityRepresentation link = new FederatedIdentityRepresentation();
        link.setIdentityProvider("upstream");
        link.setUserId(upstream.admin().users().search("upstream-user", true).get(0).getId());
        link.setUserName("upstream-user");
        broker.admin().users().get(broker.admin().users().search("linked", true).get(0).getId()).addFederatedIdentity("upstream", link)
            .close();

        // in Chromium: two realms' cookies of the same names, each on its own path
        brokerOauth.openLoginForm();
        click(By.xpath("//a[contains(@href, '/broker/upstream/login')]"));
        loginPage.fillLogin("upstream-user", PASSWORD);
        loginPage.submit();
        codePage.assertCurrent();
        codePage.submitCode(sipgate.lastTo(number).orElseThrow(() -> new AssertionError("no SMS to the linked user")).code());
        String code = brokerOauth.parseLoginResponse().getCode();
        assertThat(code).as("logged in through the provider and the code").isNotBlank();
        IDToken token = brokerOauth.verifyIDToken(brokerOauth.doAccessTokenRequest(code).getIdToken());
        assertThat(token.getPreferredUsername()).isEqualTo("linked");
    }

    private void click(By locator) {
        waitFor(d -> {
            d.findElement(locator).click();
            return true;
        });
    }
}
