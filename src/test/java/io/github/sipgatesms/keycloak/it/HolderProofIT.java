package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.DefaultOAuthClientConfiguration;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ClientBuilder;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;

/**
 * SECURITY.md 38: no new number without a code to the current one, on every path that reaches the registration action
 * (docs/security.md). The number's holder proves it in the same action, or by a code typed in this session less than
 * five minutes ago; a trusted browser's skip proves nothing; users cannot remove the number themselves.
 */
@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("the factor protects itself: another number takes the place of the current one only after a code to the current one")
class HolderProofIT extends SmsBrowserTest {

    private static final String COOKIE = "SIPGATE_SMS_TRUST";
    private static final String REGISTER = "sipgate-sms-register-phone";
    private static final String PASSWORD_ONLY = "holder-password-only";

    /** Single sign-on (cookie, or password then SMS), trusted browsers for 30 days, and a password-only flow for a second client. */
    public static class HolderRealm extends ChangeNumberIT.SsoRealm {
        @Override
        protected Map<String, String> smsConfig() {
            Map<String, String> config = super.smsConfig();
            config.put("trustBrowserDays", "30");
            return config;
        }

        @Override
        protected RealmBuilder realmSettings(RealmBuilder realm) {
            return super.realmSettings(realm).update(rep -> {
                List<AuthenticationFlowRepresentation> flows = new ArrayList<>(rep.getAuthenticationFlows());
                flows.add(EarlierProofIT.flow(PASSWORD_ONLY, true, EarlierProofIT.execution("auth-username-password-form", 10, null)));
                rep.setAuthenticationFlows(flows);
            });
        }
    }

    /** A second application whose browser flow (bound in the test) has no SMS step. */
    public static class PlainClient extends DefaultOAuthClientConfiguration {
        @Override
        public ClientBuilder configure(ClientBuilder client) {
            return super.configure(client).clientId("holder-plain");
        }
    }

    @InjectRealm(config = HolderRealm.class, ref = "holder")
    ManagedRealm realm;

    @InjectOAuthClient(ref = "holder", realmRef = "holder")
    OAuthClient holderOauth;

    @InjectOAuthClient(ref = "holder-plain", realmRef = "holder", config = PlainClient.class)
    OAuthClient plainOauth;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @Override
    OAuthClient oauth() {
        return holderOauth;
    }

    @Test
    @DisplayName("trusted browser + password + kc_action within 5 minutes: a code to the current number first; the new number only after it")
    void trustedBrowserAndPasswordDoNotReplaceTheNumber() {
        String current = freshNumber();
        String attackers = freshNumber();
        String userId = newUser("laptop", current);
        FormLogin owner = new FormLogin();
        assertThat(owner.submitCode(owner.toCodePage(holderOauth, "laptop", PASSWORD), codeTo(current), true).loggedIn()).isTrue();
        String trust = owner.cookie(COOKIE);
        assertThat(trust).isNotBlank();

        // the laptop in other hands: the browser remembers the trust (and the password); no SMS at the login
        FormLogin taker = new FormLogin();
        taker.cookie(COOKIE, trust);
        assertThat(taker.toCodePage(holderOauth, "laptop", PASSWORD).loggedIn()).as("the trusted browser skips the SMS").isTrue();
        assertThat(sipgate.sentTo(current)).hasSize(1);

        FormLogin.Page change = taker.get(holderOauth.loginForm().kcAction(REGISTER).build());
        assertThat(change.body()).as("not straight to the new number's form").doesNotContain("name=\"phone\"");
        assertThat(change.isCodePage()).as("the code page of the current number").isTrue();
        assertThat(sipgate.sentTo(current)).as("a code to the current number").hasSize(2);
        assertThat(sipgate.lastTo(current).orElseThrow().message()).contains("change");

        // the new number posted to the code page instead: no SMS to it, nothing bound
        FormLogin.Page refused = taker.post(change.formAction("kc-sipgate-sms-form"), Map.of("phone", attackers));
        assertThat(refused.isCodePage()).isTrue();
        assertThat(sipgate.sentTo(attackers)).isEmpty();
        assertThat(smsCredentials(userId)).extracting(CredentialRepresentation::getUserLabel).noneMatch(label -> label.endsWith(last4(attackers)));

        // the holder's code opens the registration of another number
        FormLogin.Page phone = taker.submitCode(refused, codeTo(current));
        assertThat(phone.body()).contains("name=\"phone\"");
        FormLogin.Page code = taker.phoneSignIn(phone, attackers);
        assertThat(code.isCodePage()).isTrue();
        assertThat(taker.submitCode(code, codeTo(attackers)).loggedIn()).isTrue();
        assertThat(smsCredentials(userId)).singleElement().extracting(CredentialRepresentation::getUserLabel).asString().endsWith(last4(attackers));
    }

    @Test
    @DisplayName("a code typed in this session less than 5 minutes ago is the proof: kc_action right after an SMS login goes to the number form")
    void aFreshCodeOfThisSessionIsTheProof() {
        String current = freshNumber();
        newUser("fresh", current);
        FormLogin browser = new FormLogin();
        assertThat(browser.submitCode(browser.toCodePage(holderOauth, "fresh", PASSWORD), codeTo(current)).loggedIn()).isTrue();
        FormLogin.Page phone = browser.get(holderOauth.loginForm().kcAction(REGISTER).build());
        assertThat(phone.body()).as("the number form, no second code").contains("name=\"phone\"");
        assertThat(sipgate.sentTo(current)).hasSize(1);
    }

    @Test
    @DisplayName("a client whose browser flow lacks the step + kc_action: a code to the current number first")
    void passwordOnlyClientDoesNotReplaceTheNumber() {
        bindBrowserFlow("holder-plain", PASSWORD_ONLY);
        String current = freshNumber();
        String other = freshNumber();
        newUser("plain-mover", current);

        FormLogin browser = new FormLogin();
        FormLogin.Page change = browser.password(browser.get(plainOauth.loginForm().kcAction(REGISTER).build()), "plain-mover", PASSWORD);
        assertThat(change.body()).as("not the new number's form").doesNotContain("name=\"phone\"");
        assertThat(change.isCodePage()).isTrue();
        assertThat(sipgate.sentTo(current)).hasSize(1);
        assertThat(sipgate.sentTo(other)).isEmpty();
    }

    @Test
    @DisplayName("users cannot remove the number (Keycloak's delete_credential refuses it); the account API says it is not removable")
    void usersCannotRemoveTheNumber() throws Exception {
        String current = freshNumber();
        String userId = newUser("remover", null);
        FormLogin browser = new FormLogin();
        FormLogin.Page phone = browser.toCodePage(holderOauth, "remover", PASSWORD);
        FormLogin.Page done = browser.submitCode(browser.phoneSignIn(phone, current), codeTo(current));
        assertThat(done.loggedIn()).isTrue();
        String credentialId = smsCredentials(userId).get(0).getId();

        String accessToken = holderOauth.doAccessTokenRequest(done.location().replaceAll(".*[?&]code=([^&]+).*", "$1")).getAccessToken();
        HttpResponse<String> credentials = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(realm.getBaseUrl() + "/account/credentials"))
                .header("Authorization", "Bearer " + accessToken).header("Accept", "application/json").GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(credentials.body()).as("the SMS entry of the account API").containsPattern("\"type\":\"sipgate-sms\"[^{}]*\"removeable\":false");

        // the account console offers no "Remove"; Keycloak's removal action called by hand refuses it
        FormLogin.Page confirm = browser.get(holderOauth.loginForm().kcAction("delete_credential:" + credentialId).build());
        assertThat(confirm.body()).contains("login-delete-credential");
        Matcher action = Pattern.compile("<form[^>]*action=\"([^\"]+)\"").matcher(confirm.body());
        assertThat(action.find()).isTrue();
        FormLogin.Page refused = browser.post(action.group(1).replace("&amp;", "&"), Map.of("accept", ""));
        assertThat(refused.body()).contains("Credential type cannot be removed");
        assertThat(smsCredentials(userId)).as("the number stays").hasSize(1);
    }

    private String codeTo(String number) {
        return sipgate.lastTo(number).orElseThrow(() -> new AssertionError("no SMS to " + number)).code();
    }

    private static String last4(String e164) {
        return e164.substring(e164.length() - 4);
    }
}
