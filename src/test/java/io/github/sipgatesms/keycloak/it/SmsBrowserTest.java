package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.config.Config;
import org.keycloak.testframework.events.Events;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.UserBuilder;
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.page.LoginPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.RealmPolicy;
import io.github.sipgatesms.keycloak.it.support.SharedSipgate;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.pages.SmsCodePage;
import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;
import io.github.sipgatesms.keycloak.testsupport.UsedSecrets;

/**
 * What every browser test of the step shares: the browser, an OAuth client of the test's realm, the
 * login and code pages, the shared fake sipgate, and a clean slate after each test (the browser and
 * the fake live for the whole run). Subclasses inject their realm and users.
 */
abstract class SmsBrowserTest {

    static final String PHONE = "+4915123456789";

    static {
        UsedSecrets.number(PHONE);
    }
    static final String PASSWORD = "Secret-pw-1";
    /** Wrong codes per code in {@link #wrongCodes}. */
    static final int WRONG_PER_CODE = 9;
    private static final AtomicInteger NUMBERS = new AtomicInteger();

    @InjectWebDriver
    ManagedWebDriver driver;

    @InjectOAuthClient
    OAuthClient oauth;

    @InjectPage
    LoginPage loginPage;

    @InjectPage
    SmsCodePage codePage;

    final FakeSipgate sipgate = SharedSipgate.get();

    abstract ManagedRealm realm();

    /** Binds the browser flow {@code flowAlias} to the client whose id starts with {@code clientIdPrefix} (the framework appends the ref). */
    void bindBrowserFlow(String clientIdPrefix, String flowAlias) {
        String flowId = realm().admin().flows().getFlows().stream().filter(f -> flowAlias.equals(f.getAlias())).findFirst()
            .orElseThrow().getId();
        ClientRepresentation client = realm().admin().clients().findAll().stream().filter(c -> c.getClientId().startsWith(clientIdPrefix))
            .findFirst().orElseThrow();
        client.setAuthenticationFlowBindingOverrides(Map.of("browser", flowId));
        realm().admin().clients().get(client.getId()).update(client);
    }

    /** The OAuth client logins start from: the default realm's; a test with a realm of its own overrides it. */
    OAuthClient oauth() {
        return oauth;
    }

    @BeforeEach
    void clearSipgate() {
        sipgate.clear();
    }

    @AfterEach
    void logout() {
        sipgate.clear();
        realm().admin().logoutAll();
        driver.cookies().deleteAll();
    }

    /** A valid German mobile number no other test uses. */
    static String freshNumber() {
        String number = String.format("+49151%08d", 10_000_000 + NUMBERS.incrementAndGet());
        UsedSecrets.number(number);
        return number;
    }

    /** A user of this test only (removed after it), with password {@link #PASSWORD} and the given phone attribute. */
    String newUser(String username, String phone) {
        return newUser(username, "phoneNumber", phone);
    }

    /** A user of this test only, with the number (if any) in the named attribute. */
    String newUser(String username, String attribute, String phone) {
        UsedSecrets.number(phone);
        UserBuilder user = UserBuilder.create(username).password(PASSWORD).email(username + "@example.org").name(username, "Test")
            .emailVerified(true);
        if (phone != null) {
            user.attribute(attribute, phone);
        }
        realm().addUser(user);
        return realm().admin().users().search(username, true).get(0).getId();
    }

    /** The user's {@code sipgate-sms} credentials: the numbers recorded as proven. */
    List<CredentialRepresentation> smsCredentials(String userId) {
        return realm().admin().users().get(userId).credentials().stream().filter(c -> "sipgate-sms".equals(c.getType())).toList();
    }

    /** The realm's login theme for this test only. */
    void loginTheme(String theme) {
        RealmRepresentation rep = realm().admin().toRepresentation();
        String before = rep.getLoginTheme();
        rep.setLoginTheme(theme);
        realm().admin().update(rep);
        realm().cleanup().add(r -> {
            RealmRepresentation back = r.toRepresentation();
            back.setLoginTheme(before);
            r.update(back);
        });
    }

    /**
     * Where no proof preceded the step, with a sipgate that answers in 600 ms: nine answer times (ms) each for a known and
     * an unknown account, whose medians differ by less than 100 ms (the SMS to {@code knownNumber} goes out after the answer).
     */
    void assertSameAnswerTime(LongSupplier known, LongSupplier unknown, String knownNumber) {
        sipgate.delay(Duration.ofMillis(600));
        try {
            List<Long> knownMillis = new ArrayList<>();
            List<Long> unknownMillis = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                knownMillis.add(known.getAsLong());
                unknownMillis.add(unknown.getAsLong());
            }
            sipgate.awaitTo(knownNumber, 9);
            long difference = Math.abs(median(knownMillis) - median(unknownMillis));
            assertThat(difference).as("median known %s ms, unknown %s ms", knownMillis, unknownMillis).isLessThan(100);
        } finally {
            sipgate.reset();
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** Changes the realm SMS policy now; {@link #policy} also restores it after the test. */
    void changePolicy(Map<String, String> changes) {
        RealmPolicy.change(realm().admin(), changes);
    }

    /** Changes the realm SMS policy for this test only (once per test; further changes: {@link #changePolicy}). */
    void policy(Map<String, String> changes) {
        Map<String, String> before = RealmPolicy.values(realm().admin());
        changePolicy(changes);
        realm().cleanup().add(r -> RealmPolicy.replace(r, before));
    }

    /**
     * Opens a page of the realm in the admin console ({@code fragment}, e.g. {@code realm-settings/sipgate-sms}) as the
     * master realm's admin, logging in unless this browser already is (the framework may keep its cookies between tests).
     */
    void openAdminConsole(String fragment) {
        driver.driver().navigate().to(realm().getBaseUrl().replace("/realms/" + realm().getName(), "")
            + "/admin/master/console/#/" + realm().getName() + "/" + fragment);
        WebElement first = waitFor(Duration.ofSeconds(30), d -> {
            List<WebElement> login = d.findElements(By.id("username"));
            if (!login.isEmpty() && login.get(0).isDisplayed()) {
                return login.get(0);
            }
            List<WebElement> nav = d.findElements(By.xpath("//nav//a[normalize-space()='Authentication']"));
            return nav.isEmpty() ? null : nav.get(0);
        });
        if ("username".equals(first.getAttribute("id"))) {
            first.sendKeys(Config.getAdminUsername());
            driver.driver().findElement(By.id("password")).sendKeys(Config.getAdminPassword());
            driver.driver().findElement(By.id("kc-login")).click();
            waitFor(Duration.ofSeconds(30), d -> d.findElement(By.xpath("//nav//a[normalize-space()='Authentication']")));
        }
    }

    /** Opens the login and passes the username/password step. */
    void passwordStep(String username, String password) {
        oauth().openLoginForm();
        loginPage.assertCurrent();
        loginPage.fillLogin(username, password);
        loginPage.submit();
    }

    /**
     * The one way the browser tests wait: polls {@code condition} every 50 ms for up to {@code timeout}, and survives the
     * page it reads being replaced meanwhile (a stale or not yet present element counts as "not yet", and is found
     * anew on the next poll).
     */
    <V> V waitFor(Duration timeout, Function<WebDriver, V> condition) {
        return new WebDriverWait(driver.driver(), timeout, Duration.ofMillis(50))
            .ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class).until(condition);
    }

    /** {@link #waitFor(Duration, Function)} with the framework's own page wait of 5 s. */
    <V> V waitFor(Function<WebDriver, V> condition) {
        return waitFor(Duration.ofSeconds(5), condition);
    }

    /** The code of the last SMS to the test number. */
    String lastCode() {
        return sipgate.lastTo(PHONE).orElseThrow(() -> new AssertionError("no SMS to " + PHONE)).code();
    }

    /**
     * The current page's stylesheets, to tell the login themes apart: {@code keycloak} loads PatternFly 3 and
     * {@code login/keycloak/css/login.css}, {@code keycloak.v2} PatternFly 5 and {@code login/keycloak.v2/css/styles.css}.
     */
    List<String> stylesheets() {
        return driver.driver().findElements(By.cssSelector("link[rel=stylesheet]")).stream()
            .map(link -> link.getAttribute("href")).toList();
    }

    /** Asserts the page is styled by the login theme of that name (and not by the other one). */
    void assertStyledBy(String theme) {
        boolean v2 = theme.equals("keycloak.v2");
        assertThat(stylesheets()).as("stylesheets of a %s page", theme)
            .anyMatch(href -> href.contains(v2 ? "/login/keycloak.v2/css/styles.css" : "/login/keycloak/css/login.css"))
            .anyMatch(href -> href.contains(v2 ? "patternfly-v5" : "patternfly-v3"))
            .noneMatch(href -> href.contains(v2 ? "patternfly-v3" : "patternfly-v5"));
    }

    static String wrongCodeFor(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    /**
     * One browser-less login that enters {@code wrong} wrong codes, asking for a new code every {@value #WRONG_PER_CODE}
     * (the test sets maxAttempts above that), and returns on a page with a live code.
     */
    FormLogin.Page wrongCodes(FormLogin login, FormLogin.Page page, String number, int wrong) {
        for (int i = 0; i < wrong; i++) {
            if (i > 0 && i % WRONG_PER_CODE == 0) {
                page = login.resend(page);
                assertThat(page.isCodePage()).isTrue();
            }
            String code = sipgate.lastTo(number).orElseThrow().code();
            page = login.submitCode(page, wrongCodeFor(code));
            assertThat(page.loggedIn()).isFalse();
            assertThat(page.messages()).as("wrong code %d", i + 1).contains("Invalid code");
        }
        return page;
    }

    /**
     * The events (of this test) polled until one matches, at most 10 s (events are stored asynchronously);
     * every event seen is returned, so a test can also assert what is absent.
     */
    static List<EventRepresentation> awaitEvents(Events events, Predicate<EventRepresentation> wanted) {
        List<EventRepresentation> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (EventRepresentation event = events.poll(); event != null; event = events.poll()) {
                seen.add(event);
            }
            if (seen.stream().anyMatch(wanted)) {
                return seen;
            }
            sleep(200);
        }
        return seen;
    }

    /**
     * The stored events of one user (all of them, oldest first), polled until one matches, at most 10 s. Unlike
     * {@link Events#poll()}, which fetches at most the server's default page of 100, this sees every event.
     */
    List<EventRepresentation> eventsOf(String userId, Predicate<EventRepresentation> wanted) {
        List<EventRepresentation> all = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            all = realm().admin().getEvents(null, null, userId, null, null, null, 0, 10_000, "asc");
            if (all.stream().anyMatch(wanted)) {
                return all;
            }
            sleep(200);
        }
        return all;
    }

    /** An event detail, or null. */
    static String detail(EventRepresentation event, String key) {
        return event.getDetails() == null ? null : event.getDetails().get(key);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
