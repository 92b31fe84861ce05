package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.ProtocolMappersResource;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.UserInfo;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.keycloak.testsuite.util.oauth.AccessTokenResponse;
import org.keycloak.util.JsonSerialization;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;
import io.github.sipgatesms.keycloak.it.support.pages.RegisterPhonePage;
import io.github.sipgatesms.keycloak.testsupport.UsedSecrets;

/**
 * {@code scope=openid phone} gives {@code phone_number} and {@code phone_number_verified} from the mapper
 * {@code sipgate-sms-phone}, added to the realm's {@code phone} client scope with the JSON of docs/claims.md (the
 * README's one set-up step); the claims follow the credentials: a registration, a removal in the account console,
 * a right code to the administrator's number, an edit of that number.
 */
@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("verified phone claims (scope phone, mapper sipgate-sms-phone)")
class PhoneClaimsIT extends SmsBrowserTest {

    private static final Duration CONSOLE_WAIT = Duration.ofSeconds(30);

    @InjectRealm(config = SmsRealmConfig.class)
    ManagedRealm realm;

    @InjectPage
    RegisterPhonePage registerPage;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @BeforeEach
    void phoneScope() throws IOException {
        ClientScopeRepresentation phone = realm.admin().clientScopes().findAll().stream()
            .filter(scope -> "phone".equals(scope.getName())).findFirst().orElseThrow();
        ProtocolMappersResource mappers = realm.admin().clientScopes().get(phone.getId()).getProtocolMappers();
        try (Response created = mappers.createMapper(documentedMapper())) {
            assertThat(created.getStatus()).as("mapper created").isEqualTo(201);
        }
        String id = mappers.getMappers().stream().filter(m -> "sipgate-sms-phone".equals(m.getProtocolMapper()))
            .findFirst().orElseThrow().getId();
        realm.cleanup().add(r -> r.clientScopes().get(phone.getId()).getProtocolMappers().delete(id));
        oauth.scope("openid phone");
    }

    @AfterEach
    void defaultScope() {
        oauth.scope(null);
    }

    /** The mapper as docs/claims.md gives it for the admin REST API and realm JSON. */
    private static ProtocolMapperRepresentation documentedMapper() throws IOException {
        String doc = Files.readString(Path.of("docs", "claims.md"));
        Matcher json = Pattern.compile("<!-- mapper json -->\\s*```json\\s*(\\{.*?})\\s*```", Pattern.DOTALL).matcher(doc);
        assertThat(json.find()).as("docs/claims.md has the mapper's JSON").isTrue();
        return JsonSerialization.readValue(json.group(1), ProtocolMapperRepresentation.class);
    }

    @Test
    @DisplayName("a registered number is in the ID token and userinfo, verified; removed (by an administrator: the console offers no Delete), it no longer is")
    void registeredThenRemovedInAccountConsole() {
        newUser("claimer", null);
        String number = freshNumber();
        passwordStep("claimer", PASSWORD);
        registerPage.assertCurrent();
        registerPage.submitPhone(number);
        codePage.assertCurrent();
        codePage.submitCode(lastCodeTo(number));
        AccessTokenResponse tokens = oauth.doAccessTokenRequest(oauth.parseLoginResponse().getCode());
        assertThat(tokens.getScope()).contains("phone");

        IDToken idToken = oauth.verifyIDToken(tokens.getIdToken());
        assertThat(idToken.getPhoneNumber()).isEqualTo(number);
        assertThat(idToken.getPhoneNumberVerified()).isTrue();
        UserInfo userInfo = oauth.doUserInfoRequest(tokens.getAccessToken()).getUserInfo();
        assertThat(userInfo.getPhoneNumber()).isEqualTo(number);
        assertThat(userInfo.getPhoneNumberVerified()).isTrue();

        removeByAdministrator("claimer", number);
        assertThat(realm.admin().users().get(userId("claimer")).credentials())
            .noneMatch(c -> "sipgate-sms".equals(c.getType()));

        AccessTokenResponse refreshed = oauth.doRefreshTokenRequest(tokens.getRefreshToken());
        assertThat(refreshed.getIdToken()).as("refresh: %s", refreshed.getErrorDescription()).isNotNull();
        IDToken after = oauth.verifyIDToken(refreshed.getIdToken());
        assertThat(after.getPhoneNumberVerified()).as("no number left: no claim says verified").isNull();
        assertThat(after.getPhoneNumber()).isNull();
        UserInfo userInfoAfter = oauth.doUserInfoRequest(refreshed.getAccessToken()).getUserInfo();
        assertThat(userInfoAfter.getPhoneNumberVerified()).isNull();
        assertThat(userInfoAfter.getPhoneNumber()).isNull();
    }

    @Test
    @DisplayName("the administrator's number: not verified before a right code at login, verified after, not verified once the administrator changes it")
    void provisionedNumber() {
        String number = freshNumber();
        String national = "0" + number.substring(3);
        newUser("provisioned", national);

        AccessTokenResponse before = oauth.doPasswordGrantRequest("provisioned", PASSWORD);
        IDToken beforeCode = oauth.verifyIDToken(before.getIdToken());
        assertThat(beforeCode.getPhoneNumberVerified()).isFalse();
        assertThat(beforeCode.getPhoneNumber()).as("as the administrator wrote it").isEqualTo(national);

        passwordStep("provisioned", PASSWORD);
        codePage.assertCurrent();
        codePage.submitCode(lastCodeTo(number));
        AccessTokenResponse tokens = oauth.doAccessTokenRequest(oauth.parseLoginResponse().getCode());
        IDToken afterCode = oauth.verifyIDToken(tokens.getIdToken());
        assertThat(afterCode.getPhoneNumber()).isEqualTo(number);
        assertThat(afterCode.getPhoneNumberVerified()).isTrue();
        assertThat(oauth.doUserInfoRequest(tokens.getAccessToken()).getUserInfo().getPhoneNumberVerified()).isTrue();

        String changed = freshNumber();
        UserRepresentation user = realm.admin().users().get(userId("provisioned")).toRepresentation();
        user.singleAttribute("phoneNumber", changed);
        realm.admin().users().get(user.getId()).update(user);
        IDToken afterEdit = oauth.verifyIDToken(oauth.doRefreshTokenRequest(tokens.getRefreshToken()).getIdToken());
        assertThat(afterEdit.getPhoneNumber()).isEqualTo(changed);
        assertThat(afterEdit.getPhoneNumberVerified()).isFalse();
    }

    @Test
    @DisplayName("a code to number A with the attribute changed to B (same last four digits) before the right code: B is not proven, not verified, not trusted")
    void onlyTheExactNumberIsProven() {
        policy(Map.of("trustBrowserDays", "30"));
        String first = freshNumber();
        // another German mobile number ending in the same digits, so both mask to +49 ••• ••• <last four>
        String second = "+49152" + first.substring(6);
        UsedSecrets.number(second);
        String id = newUser("lookalike", first);
        FormLogin browser = new FormLogin();
        FormLogin.Page code = browser.toCodePage(oauth, "lookalike", PASSWORD);
        assertThat(code.isCodePage()).isTrue();

        UserRepresentation user = realm.admin().users().get(id).toRepresentation();
        user.singleAttribute("phoneNumber", second);
        realm.admin().users().get(id).update(user);
        FormLogin.Page done = browser.submitCode(code, lastCodeTo(first), true);
        assertThat(done.loggedIn()).as("the code was right for the number it went to").isTrue();

        assertThat(smsCredentials(id)).as("nothing recorded as proven").isEmpty();
        assertThat(browser.cookie("SIPGATE_SMS_TRUST")).as("no cookie binds B").isNull();
        String authorizationCode = done.location().replaceAll(".*[?&]code=([^&]+).*", "$1");
        IDToken token = oauth.verifyIDToken(oauth.doAccessTokenRequest(authorizationCode).getIdToken());
        assertThat(token.getPhoneNumber()).isEqualTo(second);
        assertThat(token.getPhoneNumberVerified()).isFalse();
    }

    /**
     * The account console (keycloak.v3), opened at "Account security" → "Signing in" (its route), logged in with
     * password and SMS code: it lists the SMS number without a "Delete" (users cannot remove it, SECURITY.md 38). An
     * administrator removes it (this realm's flow has no Cookie step, so reloading the console would ask for a login).
     */
    private void removeByAdministrator(String username, String number) {
        By list = By.cssSelector("[data-testid='sipgate-sms/credential-list']");
        driver.open(realm.getBaseUrl() + "/account/account-security/signing-in");
        logInUntil(username, number, d -> !d.findElements(list).isEmpty());
        assertThat(driver.driver().findElements(By.cssSelector("[data-testid='sipgate-sms/credential-list'] [data-testrole='remove']")))
            .as("no Delete in the row of the SMS number").isEmpty();
        String userId = userId(username);
        realm.admin().users().get(userId).credentials().stream().filter(c -> "sipgate-sms".equals(c.getType()))
            .forEach(c -> realm.admin().users().get(userId).removeCredential(c.getId()));
    }

    /** Waits for {@code done}; where Keycloak asks for the login first, gives password and SMS code. */
    private void logInUntil(String username, String number, Function<WebDriver, Boolean> done) {
        waitFor(CONSOLE_WAIT, d -> d.getPageSource().contains("login-login") || done.apply(d));
        if (!done.apply(driver.driver())) {
            int sent = sipgate.sentTo(number).size();
            if (driver.driver().findElements(By.id("username")).isEmpty()) {
                loginPage.fillPassword(PASSWORD);
            } else {
                loginPage.fillLogin(username, PASSWORD);
            }
            loginPage.submit();
            codePage.assertCurrent();
            assertThat(sipgate.sentTo(number)).hasSize(sent + 1);
            codePage.submitCode(lastCodeTo(number));
            waitFor(CONSOLE_WAIT, done);
        }
    }

    private String userId(String username) {
        return realm.admin().users().search(username, true).get(0).getId();
    }

    private String lastCodeTo(String number) {
        return sipgate.lastTo(number).orElseThrow(() -> new AssertionError("no SMS to " + number)).code();
    }
}
