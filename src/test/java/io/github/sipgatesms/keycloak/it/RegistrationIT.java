package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.BadRequestException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RequiredActionConfigRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.keycloak.testsuite.util.oauth.AuthorizationEndpointResponse;
import org.openqa.selenium.By;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;
import io.github.sipgatesms.keycloak.it.support.pages.RegisterPhonePage;

@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("users register and prove their own number (required action sipgate-sms-register-phone)")
class RegistrationIT extends SmsBrowserTest {

    @InjectRealm(config = SmsRealmConfig.class)
    ManagedRealm realm;

    @InjectPage
    RegisterPhonePage registerPage;

    @Override
    ManagedRealm realm() {
        return realm;
    }


    private static String national(String e164) {
        return "0" + e164.substring(3);
    }

    private static String masked(String e164) {
        return "+49 ••• ••• " + e164.substring(e164.length() - 4);
    }

    private void newLogin(String username) {
        realm.admin().logoutAll();
        driver.cookies().deleteAll();
        passwordStep(username, PASSWORD);
    }

    @Test
    @DisplayName("a user without a number registers one during login, proves it, lands in the app; the next login uses it")
    void registerDuringLogin() {
        String userId = newUser("newbie", null);
        String number = freshNumber();
        passwordStep("newbie", PASSWORD);

        registerPage.assertCurrent();
        assertThat(registerPage.weakerFactorNotice()).contains("less secure than an authenticator app or a security key");
        assertThat(registerPage.hint()).contains("For example");
        registerPage.submitPhone(national(number));

        codePage.assertCurrent();
        assertThat(codePage.instruction()).contains(masked(number));
        String code = lastCodeTo(number);
        codePage.submitCode(wrongCodeFor(code));
        codePage.assertCurrent();
        assertThat(codePage.codeError()).contains("Invalid code");
        assertThat(smsCredentials(userId)).as("no number stored before the right code").isEmpty();

        codePage.submitCode(code);
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();
        List<CredentialRepresentation> stored = smsCredentials(userId);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).getUserLabel()).isEqualTo(masked(number));

        newLogin("newbie");
        codePage.assertCurrent();
        assertThat(sipgate.sentTo(number)).hasSize(2);
        codePage.submitCode(lastCodeTo(number));
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();
    }

    @Test
    @DisplayName("a premium-rate or lettered number is refused on the registration page and gets no SMS")
    void badNumbersRefused() {
        newUser("careless", null);
        passwordStep("careless", PASSWORD);
        registerPage.assertCurrent();

        for (String bad : List.of("+49 900 1234567", "0800 1234567890", "0151 CALLME12", "11880")) {
            registerPage.submitPhone(bad);
            registerPage.assertCurrent();
            assertThat(registerPage.phoneError()).as(bad).contains("Enter a mobile number that can receive SMS");
        }
        assertThat(sipgate.requests()).isEmpty();

        String number = freshNumber();
        registerPage.submitPhone(number);
        codePage.assertCurrent();
        assertThat(sipgate.sentTo(number)).hasSize(1);
    }

    @Test
    @DisplayName("on the code page the user can go back and correct the number; only the proved one is stored")
    void correctTheNumber() {
        String userId = newUser("typo", null);
        String wrongNumber = freshNumber();
        String rightNumber = freshNumber();
        passwordStep("typo", PASSWORD);
        registerPage.assertCurrent();
        registerPage.submitPhone(wrongNumber);
        codePage.assertCurrent();

        codePage.changeNumber();
        registerPage.assertCurrent();
        registerPage.submitPhone(rightNumber);
        codePage.assertCurrent();
        codePage.submitCode(lastCodeTo(rightNumber));
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();
        assertThat(smsCredentials(userId)).singleElement().extracting(CredentialRepresentation::getUserLabel).isEqualTo(masked(rightNumber));
        assertThat(sipgate.sentTo(wrongNumber)).hasSize(1);
    }

    @Test
    @DisplayName("the account API (the account console's 'Signing in') lists the masked SMS credential, not removable there; removed by an administrator, the next login asks to register")
    void accountConsoleAndRemoval() throws Exception {
        String userId = newUser("lister", null);
        String number = freshNumber();
        passwordStep("lister", PASSWORD);
        registerPage.submitPhone(number);
        codePage.assertCurrent();
        codePage.submitCode(lastCodeTo(number));
        AuthorizationEndpointResponse response = oauth.parseLoginResponse();
        String accessToken = oauth.doAccessTokenRequest(response.getCode()).getAccessToken();

        HttpResponse<String> credentials = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(realm.getBaseUrl() + "/account/credentials"))
                .header("Authorization", "Bearer " + accessToken).header("Accept", "application/json").GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(credentials.statusCode()).isEqualTo(200);
        assertThat(credentials.body()).contains("\"type\":\"sipgate-sms\"").contains("\"category\":\"two-factor\"")
            .contains("\"createAction\":\"sipgate-sms-register-phone\"").containsPattern("\"type\":\"sipgate-sms\"[^{}]*\"removeable\":false")
            .contains(masked(number)).doesNotContain(number.substring(3));

        // users cannot remove it (SECURITY.md 38; HolderProofIT): an administrator does
        String credentialId = smsCredentials(userId).get(0).getId();
        realm.admin().users().get(userId).removeCredential(credentialId);
        assertThat(smsCredentials(userId)).isEmpty();

        newLogin("lister");
        registerPage.assertCurrent();
    }

    @Test
    @DisplayName("the required action's config holds only the maximum authentication age; SMS settings are refused on save")
    void configHoldsNoSmsSettings() {
        RequiredActionConfigRepresentation config = new RequiredActionConfigRepresentation();
        config.setConfig(Map.of("sipgateToken", "${vault.sipgate-token}"));
        assertThatThrownBy(() -> realm.admin().flows().updateRequiredActionConfig("sipgate-sms-register-phone", config))
            .isInstanceOf(BadRequestException.class);

        config.setConfig(Map.of("max_auth_age", "120"));
        realm.admin().flows().updateRequiredActionConfig("sipgate-sms-register-phone", config);
        realm.cleanup().add(r -> r.flows().removeRequiredActionConfig("sipgate-sms-register-phone"));
        assertThat(realm.admin().flows().getRequiredActionConfig("sipgate-sms-register-phone").getConfig())
            .containsEntry("max_auth_age", "120");
        assertThat(realm.admin().flows().getRequiredActionConfigDescription("sipgate-sms-register-phone").getProperties())
            .extracting(p -> p.getName()).containsExactly("max_auth_age");
    }

    @Test
    @DisplayName("registering another user's number and resending until refused leaves that user's login SMS going out")
    void registrationCannotBlockSomeoneElse() {
        policy(Map.of("maxSmsPerNumberPerHour", "3"));
        String victimsNumber = freshNumber();
        newUser("victim", victimsNumber);
        newUser("mallory", null);

        passwordStep("mallory", PASSWORD);
        registerPage.assertCurrent();
        registerPage.submitPhone(victimsNumber);
        codePage.assertCurrent();
        for (int i = 0; i < 5; i++) {
            codePage.resend();
            codePage.assertCurrent();
        }
        assertThat(codePage.alert()).contains("Too many codes were requested");
        assertThat(sipgate.sentTo(victimsNumber)).as("registration SMS to the number").hasSize(3);

        realm.admin().logoutAll();
        driver.cookies().deleteAll();
        FormLogin.Page victim = new FormLogin().toCodePage(oauth, "victim", PASSWORD);
        assertThat(victim.isCodePage()).isTrue();
        assertThat(victim.messages()).doesNotContain("Too many codes");
        assertThat(sipgate.sentTo(victimsNumber)).as("the victim's login SMS").hasSize(4);
    }

    private String lastCodeTo(String number) {
        return sipgate.lastTo(number).orElseThrow(() -> new AssertionError("no SMS to " + number)).code();
    }
}
