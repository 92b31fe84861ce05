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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.DefaultOAuthClientConfiguration;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ClientBuilder;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.UserBuilder;
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;
import io.github.sipgatesms.keycloak.it.support.pages.RegisterPhonePage;
import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;

/**
 * Phone sign-in ({@code sipgate-sms-phone-login}; docs/phone-sign-in.md; SECURITY.md 30, 31, 33): the number, then a
 * code, signs in the one enabled user who holds the number, looked up by index and checked against the number at that
 * moment. Unknown, shared and disabled numbers get the same pages and wrong-code answers, no SMS and no timing
 * difference; sends are capped per client address; a trusted browser still gets the code.
 */
@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("phone sign-in: the number and an SMS code sign in its one holder, and tell strangers nothing, on a real server")
class PhoneSignInIT extends SmsBrowserTest {

    static final String PHONE_FLOW = "phone-signin";
    private static final String TRUST_COOKIE = "SIPGATE_SMS_TRUST";

    /** Browser flow: phone sign-in alone; brute-force detection on. The realm's password + SMS flow stays for "sms-app". */
    public static class PhoneRealm extends SmsRealmConfig {
        @Override
        protected RealmBuilder realmSettings(RealmBuilder realm) {
            return realm.update(rep -> {
                List<AuthenticationFlowRepresentation> flows = new ArrayList<>(rep.getAuthenticationFlows());
                flows.add(EarlierProofIT.flow(PHONE_FLOW, true, EarlierProofIT.execution("sipgate-sms-phone-login", 10, null)));
                rep.setAuthenticationFlows(flows);
                rep.setBrowserFlow(PHONE_FLOW);
                rep.setBruteForceProtected(true);
                rep.setFailureFactor(30);
            });
        }
    }

    /** As {@link PhoneRealm}, with at most 3 code requests per client address and hour. */
    public static class CappedPhoneRealm extends PhoneRealm {
        @Override
        protected Map<String, String> smsConfig() {
            Map<String, String> config = super.smsConfig();
            config.put("maxSmsPerAddressPerHour", "3");
            return config;
        }
    }

    /** A second application of the realm, bound (in the test) to the password + SMS flow. */
    public static class SmsClient extends DefaultOAuthClientConfiguration {
        @Override
        public ClientBuilder configure(ClientBuilder client) {
            return super.configure(client).clientId("sms-app");
        }
    }

    @InjectRealm(config = PhoneRealm.class, ref = "phone")
    ManagedRealm realm;

    @InjectOAuthClient(ref = "phone", realmRef = "phone")
    OAuthClient phoneOauth;

    @InjectOAuthClient(ref = "sms", realmRef = "phone", config = SmsClient.class)
    OAuthClient smsOauth;

    @InjectAdminClient
    Keycloak admin;

    @InjectPage
    RegisterPhonePage registerPage;

    @InjectRealm(config = CappedPhoneRealm.class, ref = "phonecapped")
    ManagedRealm capped;

    @InjectOAuthClient(ref = "phonecapped", realmRef = "phonecapped")
    OAuthClient cappedOauth;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @Override
    OAuthClient oauth() {
        return phoneOauth;
    }

    /** The national writing of a German mobile number: {@code +49151...} as {@code 0151 ...}. */
    static String national(String e164) {
        String national = "0" + e164.substring(3);
        return national.substring(0, 4) + " " + national.substring(4, 8) + " " + national.substring(8);
    }

    /** What a stranger can compare of two answers: status and page, without the per-tab query strings and the typed number. */
    private static String comparable(FormLogin.Page page, String typed) {
        return page.status() + " " + page.body().replaceAll("\\?[^\"'\\s<>]*", "?").replaceAll("tab_id=[\\w-]+", "")
            .replace(typed, "NUMBER");
    }

    /** The username in the ID token of a finished login. */
    private String signedIn(OAuthClient client, FormLogin.Page done) {
        assertThat(done.loggedIn()).as("logged in: %s", done.location()).isTrue();
        String code = done.location().replaceAll(".*[?&]code=([^&]+).*", "$1");
        IDToken token = client.verifyIDToken(client.doAccessTokenRequest(code).getIdToken());
        return token.getPreferredUsername();
    }

    private void bindSmsClientToPasswordFlow() {
        String flowId = realm.admin().flows().getFlows().stream().filter(f -> SmsRealmConfig.FLOW.equals(f.getAlias())).findFirst()
            .orElseThrow().getId();
        ClientRepresentation client = realm.admin().clients().findAll().stream().filter(c -> c.getClientId().startsWith("sms-app"))
            .findFirst().orElseThrow();
        client.setAuthenticationFlowBindingOverrides(Map.of("browser", flowId));
        realm.admin().clients().get(client.getId()).update(client);
    }

    @Test
    @DisplayName("a provisioned number typed in national format signs its holder in; the page shows it as typed, without a trust box")
    void provisionedNumberInNationalFormat() {
        String number = freshNumber();
        newUser("phone-provisioned", number);
        newUser("phone-other", freshNumber());
        FormLogin browser = new FormLogin();
        FormLogin.Page first = browser.open(phoneOauth);
        assertThat(first.body()).contains("name=\"phone\"").contains("type=\"tel\"").contains("autocomplete=\"tel\"");

        FormLogin.Page code = browser.phoneSignIn(first, national(number));
        assertThat(code.isCodePage()).isTrue();
        assertThat(code.body()).contains(national(number)).doesNotContain("name=\"trust\"");
        FakeSipgate.Sms sms = sipgate.awaitTo(number, 1);
        assertThat(signedIn(phoneOauth, browser.submitCode(code, sms.code()))).isEqualTo("phone-provisioned");
    }

    @Test
    @DisplayName("a number the user registered (and proved) signs them in, written with +country code and spaces")
    void registeredNumber() {
        bindSmsClientToPasswordFlow();
        newUser("phone-registered", null);
        String number = freshNumber();
        FormLogin browser = new FormLogin();
        FormLogin.Page register = browser.toCodePage(smsOauth, "phone-registered", PASSWORD);
        assertThat(register.body()).as("the registration's number form").contains("kc-sipgate-sms-register-form");
        FormLogin.Page proof = browser.post(register.formAction("kc-sipgate-sms-register-form"), Map.of("phone", number));
        assertThat(browser.submitCode(proof, sipgate.awaitTo(number, 1).code()).loggedIn()).isTrue();

        FormLogin phone = new FormLogin();
        String typed = "+49 " + number.substring(3, 6) + " " + number.substring(6);
        FormLogin.Page code = phone.phoneSignIn(phone.open(phoneOauth), typed);
        assertThat(signedIn(phoneOauth, phone.submitCode(code, sipgate.awaitTo(number, 2).code()))).isEqualTo("phone-registered");
    }

    @Test
    @DisplayName("unknown, shared and disabled numbers: the same pages and wrong-code answers as a known one, and no SMS")
    void sameAnswersForEveryNumber() throws IOException {
        String known = freshNumber();
        newUser("same-known", known);
        String shared = freshNumber();
        newUser("same-shared-1", shared);
        newUser("same-shared-2", shared);
        String disabledNumber = freshNumber();
        String disabledId = newUser("same-disabled", disabledNumber);
        var disabled = realm.admin().users().get(disabledId).toRepresentation();
        disabled.setEnabled(false);
        realm.admin().users().get(disabledId).update(disabled);
        String unknown = freshNumber();

        Map<String, FormLogin> browsers = new LinkedHashMap<>();
        Map<String, FormLogin.Page> pages = new LinkedHashMap<>();
        for (String number : List.of(known, unknown, shared, disabledNumber)) {
            FormLogin browser = new FormLogin();
            browsers.put(number, browser);
            pages.put(number, browser.phoneSignIn(browser.open(phoneOauth), national(number)));
        }
        String knownPage = comparable(pages.get(known), national(known));
        assertThat(pages.get(known).isCodePage()).isTrue();
        assertThat(knownPage).contains("If NUMBER belongs to an account");
        pages.forEach((number, page) -> assertThat(comparable(page, national(number))).as(number).isEqualTo(knownPage));

        String wrong = wrongCodeFor(sipgate.awaitTo(known, 1).code());
        Map<String, String> answers = new LinkedHashMap<>();
        browsers.forEach((number, browser) -> answers.put(number, comparable(browser.submitCode(pages.get(number), wrong), national(number))));
        assertThat(answers.get(known)).contains("Invalid code");
        answers.forEach((number, answer) -> assertThat(answer).as(number).isEqualTo(answers.get(known)));

        sleep(500);
        assertThat(sipgate.sent()).as("one SMS: the known number's").hasSize(1);
        assertThat(Files.readAllLines(SmsServerConfig.LOG_FILE, StandardCharsets.UTF_8)).as("the WARN about the shared number")
            .anyMatch(line -> line.contains("WARN") && line.contains("several enabled users hold the same number"));
    }

    @Test
    @DisplayName("with a sipgate that answers in 600 ms, known and unknown numbers' median answer times differ by < 100 ms")
    void sameAnswerTime() {
        String number = freshNumber();
        newUser("time-known", number);
        assertSameAnswerTime(() -> signInMillis(national(number)), () -> signInMillis(national(freshNumber())), number);
    }

    private long signInMillis(String typed) {
        FormLogin browser = new FormLogin();
        FormLogin.Page first = browser.open(phoneOauth);
        long started = System.nanoTime();
        FormLogin.Page page = browser.phoneSignIn(first, typed);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(page.isCodePage()).isTrue();
        return millis;
    }

    @Test
    @DisplayName("maxSmsPerAddressPerHour=3: five sign-ins from one address to five known numbers send at most 3 SMS")
    void perAddressCap() {
        List<FormLogin.Page> pages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String number = freshNumber();
            capped.addUser(UserBuilder.create("capped-" + i).password(PASSWORD).email("capped-" + i + "@example.org")
                .name("Capped", "User").emailVerified(true).attribute("phoneNumber", number));
            FormLogin browser = new FormLogin();
            pages.add(browser.phoneSignIn(browser.open(cappedOauth), number));
        }
        sleep(1000);
        assertThat(sipgate.sent()).as("at most 3 SMS from one address").hasSize(3);
        assertThat(pages.get(4).messages()).contains("Too many codes were requested");
    }

    @Test
    @DisplayName("a browser trusted for the user still gets the code by phone sign-in, and no trust checkbox")
    void trustedBrowserStillGetsTheCode() {
        bindSmsClientToPasswordFlow();
        policy(Map.of("trustBrowserDays", "30"));
        String number = freshNumber();
        newUser("phone-trusted", number);
        FormLogin browser = new FormLogin();
        FormLogin.Page code = browser.toCodePage(smsOauth, "phone-trusted", PASSWORD);
        assertThat(browser.submitCode(code, sipgate.awaitTo(number, 1).code(), true).loggedIn()).isTrue();
        assertThat(browser.cookie(TRUST_COOKIE)).as("trust cookie").isNotBlank();
        browser.keepOnly(TRUST_COOKIE);

        FormLogin.Page phoneCode = browser.phoneSignIn(browser.open(phoneOauth), number);
        assertThat(phoneCode.isCodePage()).as("no skip on a trusted browser").isTrue();
        assertThat(phoneCode.body()).doesNotContain("name=\"trust\"");
        assertThat(signedIn(phoneOauth, browser.submitCode(phoneCode, sipgate.awaitTo(number, 2).code()))).isEqualTo("phone-trusted");
    }

    @Test
    @DisplayName("an index entry left behind after the number changed signs nobody in; after the rebuild the new number does")
    void staleIndexEntry() throws Exception {
        String old = freshNumber();
        String current = freshNumber();
        realm.addUser(UserBuilder.create("phone-moved").password(PASSWORD).email("phone-moved@example.org").name("Phone", "Moved")
            .emailVerified(true).attribute("phoneNumber", old).attribute("mobile", current));
        // the realm's numbers now live in another attribute; no user changed, so the index still names the old number
        policy(Map.of("phoneAttribute", "mobile"));
        FormLogin browser = new FormLogin();
        FormLogin.Page page = browser.phoneSignIn(browser.open(phoneOauth), old);
        assertThat(page.isCodePage()).isTrue();
        assertThat(browser.submitCode(page, "000000").loggedIn()).isFalse();
        sleep(500);
        assertThat(sipgate.sent()).as("no SMS to the old number, nor to the user's number").isEmpty();

        HttpResponse<String> rebuilt = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:8080/admin/realms/"
                + realm.getName() + "/sipgate-sms/phone-index")).header("Authorization", "Bearer " + admin.tokenManager().getAccessTokenString())
            .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(rebuilt.statusCode()).as(rebuilt.body()).isEqualTo(200);
        assertThat(rebuilt.body()).contains("\"indexed\"");
        FormLogin again = new FormLogin();
        assertThat(again.phoneSignIn(again.open(phoneOauth), old).isCodePage()).isTrue();
        FormLogin browserOfCurrent = new FormLogin();
        FormLogin.Page code = browserOfCurrent.phoneSignIn(browserOfCurrent.open(phoneOauth), current);
        assertThat(signedIn(phoneOauth, browserOfCurrent.submitCode(code, sipgate.awaitTo(current, 1).code()))).isEqualTo("phone-moved");
        assertThat(sipgate.sentTo(old)).isEmpty();
    }

    @Test
    @DisplayName("wrong codes of an identified user count in Keycloak's brute-force detection; a locked user's number then gets the unknown page, no SMS")
    void bruteForceCountsAndLocks() {
        RealmRepresentation rep = realm.admin().toRepresentation();
        Integer before = rep.getFailureFactor();
        rep.setFailureFactor(2);
        realm.admin().update(rep);
        realm.cleanup().add(r -> {
            RealmRepresentation back = r.toRepresentation();
            back.setFailureFactor(before);
            r.update(back);
        });
        String number = freshNumber();
        String userId = newUser("phone-locked", number);
        FormLogin browser = new FormLogin();
        FormLogin.Page code = browser.phoneSignIn(browser.open(phoneOauth), number);
        String wrong = wrongCodeFor(sipgate.awaitTo(number, 1).code());
        code = browser.submitCode(code, wrong);
        browser.submitCode(code, wrong);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<String, Object> status = realm.admin().attackDetection().bruteForceUserStatus(userId);
        while (!Boolean.TRUE.equals(status.get("disabled")) && System.nanoTime() < deadline) {
            sleep(200);
            status = realm.admin().attackDetection().bruteForceUserStatus(userId);
        }
        assertThat(status).as("Keycloak's brute-force status of the user").containsEntry("disabled", true);
        assertThat(((Number) status.get("numFailures")).intValue()).isGreaterThanOrEqualTo(2);

        FormLogin locked = new FormLogin();
        FormLogin.Page lockedPage = locked.phoneSignIn(locked.open(phoneOauth), number);
        String unknown = freshNumber();
        FormLogin stranger = new FormLogin();
        FormLogin.Page unknownPage = stranger.phoneSignIn(stranger.open(phoneOauth), unknown);
        assertThat(comparable(lockedPage, number)).isEqualTo(comparable(unknownPage, unknown));
        sleep(500);
        assertThat(sipgate.sentTo(number)).as("no SMS to a locked user").hasSize(1);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({
        "keycloak.v2, en, Sign in with your mobile number",
        "keycloak, de, Mit Ihrer Mobilnummer anmelden"
    })
    @DisplayName("Chromium signs in by phone in both login themes; the screenshots for the README")
    void inTheBrowser(String theme, String locale, String title) throws IOException {
        loginTheme(theme);
        String number = freshNumber();
        newUser("phone-browser-" + theme.replace('.', '-'), number);
        Dimension size = driver.driver().manage().window().getSize();
        driver.driver().manage().window().setSize(new Dimension(900, 1000));
        try {
            phoneOauth.loginForm().uiLocales(locale).open();
            registerPage.assertCurrent();
            assertThat(driver.findElement(By.id("kc-page-title")).getText()).contains(title);
            WebElement phone = driver.findElement(By.id("phone"));
            assertThat(phone.getAttribute("type")).isEqualTo("tel");
            assertThat(phone.getAttribute("autocomplete")).isEqualTo("tel");
            assertThat(driver.findElement(By.cssSelector("label[for=phone]")).getText()).isNotBlank();
            assertStyledBy(theme);
            shoot("phone-signin-" + theme + "-" + locale);

            registerPage.submitPhone(national(number));
            codePage.assertCurrent();
            assertThat(codePage.instruction()).contains(national(number));
            assertThat(driver.driver().findElements(By.name("trust"))).as("no trust checkbox").isEmpty();
            assertStyledBy(theme);
            shoot("phone-code-" + theme + "-" + locale);
            codePage.submitCode(sipgate.awaitTo(number, 1).code());
            assertThat(phoneOauth.parseLoginResponse().isSuccess()).isTrue();
        } finally {
            driver.driver().manage().window().setSize(size);
        }
        assertThat(ThemesIT.SHOTS.resolve("phone-code-" + theme + "-" + locale + ".png")).isNotEmptyFile();
    }

    private void shoot(String name) throws IOException {
        Files.createDirectories(ThemesIT.SHOTS);
        Files.write(ThemesIT.SHOTS.resolve(name + ".png"), ((TakesScreenshot) driver.driver()).getScreenshotAs(OutputType.BYTES));
    }
}
