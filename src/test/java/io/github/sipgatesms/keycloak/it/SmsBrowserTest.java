package io.github.sipgatesms.keycloak.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.page.LoginPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;

import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;

/**
 * What every browser test of the step shares: the browser, an OAuth client of the test's realm, the
 * login and code pages, the shared fake sipgate, and a clean slate after each test (the browser and
 * the fake live for the whole run). Subclasses inject their realm and users.
 */
abstract class SmsBrowserTest {

    static final String PHONE = "+4915123456789";

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

    /** Opens the login and passes the username/password step. */
    void passwordStep(String username, String password) {
        oauth.openLoginForm();
        loginPage.assertCurrent();
        loginPage.fillLogin(username, password);
        loginPage.submit();
    }

    /** The code of the last SMS to the test number. */
    String lastCode() {
        return sipgate.lastTo(PHONE).orElseThrow(() -> new AssertionError("no SMS to " + PHONE)).code();
    }

    static String wrongCodeFor(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
