package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;

import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;
import io.github.sipgatesms.keycloak.it.support.pages.RegisterPhonePage;
import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;

/**
 * The step's configuration is the one configuration: the registration, {@code configuredFor} (REQUIRED step,
 * conditional sub-flow) and the account console follow it (docs/flow.md, docs/security.md).
 */
@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("the step, the number registration and Keycloak's flow logic see the same settings")
class OneConfigurationIT extends SmsBrowserTest {

    /** The sipgate account configured in the step itself (the server-wide one is the shared fake). */
    private static final FakeSipgate STEP_SIPGATE = FakeSipgate.start();

    @InjectRealm(config = SmsRealmConfig.class)
    ManagedRealm realm;

    @InjectPage
    RegisterPhonePage registerPage;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @AfterEach
    void clearStepSipgate() {
        STEP_SIPGATE.clear();
    }

    @AfterAll
    static void stopStepSipgate() {
        STEP_SIPGATE.close();
    }


    private static String codeFrom(FakeSipgate fake, String number) {
        return fake.lastTo(number).orElseThrow(() -> new AssertionError("no SMS to " + number)).code();
    }

    private static String masked(String e164) {
        return "+49 ••• ••• " + e164.substring(e164.length() - 4);
    }

    @Test
    @DisplayName("phoneAttribute=mobile on the step: a user with only 'mobile' gets the SMS there, never the registration")
    void phoneAttributeOfTheStep() {
        policy(Map.of("phoneAttribute", "mobile"));
        String number = freshNumber();
        newUser("mobileonly", "mobile", number);

        passwordStep("mobileonly", PASSWORD);
        codePage.assertCurrent();
        codePage.submitCode(codeFrom(sipgate, number));
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();
    }

    @Test
    @DisplayName("credentials only in the step's config: registration during login and from the account console uses them")
    void registrationUsesTheStepsCredentials() {
        policy(Map.of("sipgateTokenId", FakeSipgate.TOKEN_ID, "sipgateToken", FakeSipgate.TOKEN,
            "sipgateBaseUrl", STEP_SIPGATE.baseUrl()));
        String userId = newUser("stepcreds", null);
        String first = freshNumber();
        String second = freshNumber();

        passwordStep("stepcreds", PASSWORD);
        registerPage.assertCurrent();
        registerPage.submitPhone(first);
        codePage.assertCurrent();
        codePage.submitCode(codeFrom(STEP_SIPGATE, first));
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();

        realm.admin().logoutAll();
        driver.cookies().deleteAll();
        passwordStep("stepcreds", PASSWORD);
        codePage.assertCurrent();
        codePage.submitCode(codeFrom(STEP_SIPGATE, first));
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();

        // the account console's "Set up"/"Update" starts the action with kc_action (this flow has no SSO cookie step:
        // password and the current number's code again)
        oauth.loginForm().kcAction("sipgate-sms-register-phone").open();
        loginPage.assertCurrent();
        loginPage.fillLogin("stepcreds", PASSWORD);
        loginPage.submit();
        codePage.assertCurrent();
        codePage.submitCode(codeFrom(STEP_SIPGATE, first));
        registerPage.assertCurrent();
        registerPage.submitPhone(second);
        codePage.assertCurrent();
        codePage.submitCode(codeFrom(STEP_SIPGATE, second));
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();

        assertThat(sipgate.requests()).as("requests with the server-wide credentials").isEmpty();
        assertThat(smsCredentials(userId)).singleElement().extracting(CredentialRepresentation::getUserLabel).isEqualTo(masked(second));
    }

    @Test
    @DisplayName("allowedRegions=DE on the step: the registration refuses a French mobile number and sends nothing")
    void registrationHonoursAllowedRegions() throws IOException {
        policy(Map.of("allowedRegions", "DE"));
        newUser("frenchie", null);
        passwordStep("frenchie", PASSWORD);
        registerPage.assertCurrent();
        registerPage.submitPhone("+33 6 12 34 56 78");
        registerPage.assertCurrent();
        assertThat(registerPage.phoneError()).as("the region, not the landline text").contains("Codes cannot be sent to numbers from this country");
        assertThat(sipgate.requests()).isEmpty();
        assertThat(Files.readAllLines(SmsServerConfig.LOG_FILE, StandardCharsets.UTF_8)).as("the administrator's WARN naming the region")
            .anyMatch(line -> line.contains("WARN") && line.contains("a mobile number of region FR was entered"));
    }

    @Test
    @DisplayName("a provisioned landline: 'number unusable', never the registration, also not through kc_action with the password")
    void provisionedLandline() {
        String userId = newUser("landline", "+49 30 12345678");
        passwordStep("landline", PASSWORD);
        codePage.assertCurrent();
        assertThat(codePage.alert()).contains("cannot receive SMS codes");
        assertThat(driver.driver().findElements(By.id("phone"))).as("registration form").isEmpty();

        realm.admin().logoutAll();
        driver.cookies().deleteAll();
        oauth.loginForm().kcAction("sipgate-sms-register-phone").open();
        loginPage.assertCurrent();
        loginPage.fillLogin("landline", PASSWORD);
        loginPage.submit();
        codePage.assertCurrent();
        assertThat(codePage.alert()).contains("cannot receive SMS codes");
        assertThat(driver.driver().findElements(By.id("phone"))).as("registration form").isEmpty();
        assertThat(sipgate.requests()).isEmpty();
        assertThat(smsCredentials(userId)).isEmpty();
    }

    /** The account console is a JavaScript app: wait until it shows the text (20 s), else keep its page for the report. */
    private void awaitPageText(String text) {
        try {
            waitFor(Duration.ofSeconds(20), d -> d.getPageSource().contains(text));
        } catch (TimeoutException e) {
            throw new AssertionError("'" + text + "' not shown at " + driver.driver().getCurrentUrl() + ":\n"
                + driver.driver().findElement(By.tagName("body")).getText(), e);
        }
    }

    @Test
    @DisplayName("the account console shows the number codes go to under 'Signing in': provisioned and registered")
    void accountConsoleShowsTheNumber() throws Exception {
        String provisioned = freshNumber();
        newUser("provisioned", provisioned);
        driver.open(realm.getBaseUrl() + "/account/account-security/signing-in");
        loginPage.assertCurrent();
        loginPage.fillLogin("provisioned", PASSWORD);
        loginPage.submit();
        codePage.assertCurrent();
        codePage.submitCode(codeFrom(sipgate, provisioned));
        awaitPageText(masked(provisioned));
        assertThat(driver.driver().getPageSource()).doesNotContain(provisioned.substring(3));

        realm.admin().logoutAll();
        driver.cookies().deleteAll();
        String registered = freshNumber();
        newUser("registered", null);
        driver.open(realm.getBaseUrl() + "/account/account-security/signing-in");
        loginPage.assertCurrent();
        loginPage.fillLogin("registered", PASSWORD);
        loginPage.submit();
        registerPage.assertCurrent();
        registerPage.submitPhone(registered);
        codePage.assertCurrent();
        codePage.submitCode(codeFrom(sipgate, registered));
        awaitPageText(masked(registered));

        // "Personal info" renders the attributes the account API describes to the user: no phone field there that
        // could disagree with the registered number
        realm.admin().logoutAll();
        driver.cookies().deleteAll();
        passwordStep("registered", PASSWORD);
        codePage.assertCurrent();
        codePage.submitCode(codeFrom(sipgate, registered));
        String accessToken = oauth.doAccessTokenRequest(oauth.parseLoginResponse().getCode()).getAccessToken();
        HttpResponse<String> account = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(realm.getBaseUrl() + "/account/?userProfileMetadata=true"))
                .header("Authorization", "Bearer " + accessToken).header("Accept", "application/json").GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(account.statusCode()).isEqualTo(200);
        assertThat(account.body()).as("what 'Personal info' shows").contains("\"name\":\"email\"").doesNotContain("phoneNumber");
    }
}
