package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderSimpleRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;
import io.github.sipgatesms.keycloak.passkey.PasskeyNudge;

/**
 * The passkey offer after an SMS login ({@code passkeyNudgeDays}, DESIGN.md "Passkey nudge") on a real server: shown after
 * a typed code to a user without a passkey, each answer kept as promised, never after a trusted browser's skip, never with
 * 0 days; the page in both login themes (screenshots). Browser-less logins ({@link FormLogin}) except for the screenshots.
 */
@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("the passkey offer after an SMS login: shown where due, add / later / never kept, never after a trusted skip or with 0")
class PasskeyNudgeIT extends SmsBrowserTest {

    private static final String FORM = "kc-sipgate-sms-passkey-form";

    /** A realm of its own: the time offsets below must not reach other tests' realms. */
    @InjectRealm(config = SmsRealmConfig.class, ref = "passkey")
    ManagedRealm realm;

    @InjectOAuthClient(ref = "passkey", realmRef = "passkey")
    OAuthClient passkeyOauth;

    @InjectTimeOffSet(enableForCaches = true)
    TimeOffSet timeOffSet;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @Override
    OAuthClient oauth() {
        return passkeyOauth;
    }

    /** Both required actions on: the offer's, and Keycloak's passkey registration that "add" leads to. */
    @BeforeEach
    void enableActions() {
        AuthenticationManagementResource flows = realm.admin().flows();
        for (String action : List.of(PasskeyNudge.ACTION, PasskeyNudge.PASSKEY_ACTION)) {
            if (flows.getRequiredActions().stream().noneMatch(a -> action.equals(a.getAlias()))) {
                RequiredActionProviderSimpleRepresentation register = new RequiredActionProviderSimpleRepresentation();
                register.setProviderId(action);
                register.setName(action);
                flows.registerRequiredAction(register);
            }
            RequiredActionProviderRepresentation model = flows.getRequiredAction(action);
            model.setEnabled(true);
            flows.updateRequiredAction(action, model);
        }
    }

    /** A fresh user's SMS login up to the page after the right code. */
    private FormLogin.Page afterCode(FormLogin browser, String username, String number) {
        FormLogin.Page code = browser.toCodePage(passkeyOauth, username, PASSWORD);
        assertThat(code.isCodePage()).as("code page for %s: %s", username, code.messages()).isTrue();
        return browser.submitCode(code, sipgate.lastTo(number).orElseThrow().code());
    }

    private static boolean isOffer(FormLogin.Page page) {
        return page.body().contains("id=\"" + FORM + "\"");
    }

    private FormLogin.Page answer(FormLogin browser, FormLogin.Page offer, String button) {
        return browser.post(offer.formAction(FORM), Map.of(button, "true"));
    }

    @Test
    @DisplayName("30 days: shown after the typed code; 'later' continues the login; no offer within the days, again after them")
    void laterWaitsTheDays() {
        policy(Map.of("passkeyNudgeDays", "30"));
        String number = freshNumber();
        newUser("passkey-later", number);
        FormLogin browser = new FormLogin();
        FormLogin.Page offer = afterCode(browser, "passkey-later", number);
        assertThat(isOffer(offer)).as("the offer: %s", offer.body()).isTrue();
        assertThat(offer.body()).contains("name=\"add\"").contains("name=\"later\"").contains("name=\"never\"")
            .contains("Sign in faster next time with a passkey");
        assertThat(answer(browser, offer, "later").loggedIn()).as("'later' continues the login").isTrue();

        assertThat(afterCode(new FormLogin(), "passkey-later", number).loggedIn()).as("within the days: no offer").isTrue();
        timeOffSet.set(31 * 86_400);
        assertThat(isOffer(afterCode(new FormLogin(), "passkey-later", number))).as("after the days: offered again").isTrue();
    }

    @Test
    @DisplayName("'never' is remembered, also after the days")
    void neverIsRemembered() {
        policy(Map.of("passkeyNudgeDays", "30"));
        String number = freshNumber();
        newUser("passkey-never", number);
        FormLogin browser = new FormLogin();
        assertThat(answer(browser, afterCode(browser, "passkey-never", number), "never").loggedIn()).isTrue();
        timeOffSet.set(400 * 86_400);
        assertThat(afterCode(new FormLogin(), "passkey-never", number).loggedIn()).as("never asked again").isTrue();
    }

    @Test
    @DisplayName("'add' leads to Keycloak's own passkey registration page")
    void addLeadsToPasskeyRegistration() {
        policy(Map.of("passkeyNudgeDays", "30"));
        String number = freshNumber();
        newUser("passkey-add", number);
        FormLogin browser = new FormLogin();
        FormLogin.Page next = answer(browser, afterCode(browser, "passkey-add", number), "add");
        assertThat(next.loggedIn()).isFalse();
        assertThat(next.body()).as("Keycloak's webauthn-register page").contains("id=\"registerWebAuthn\"").contains("id=\"register\"");
    }

    @Test
    @DisplayName("0 days (the default): never shown")
    void offByDefault() {
        String number = freshNumber();
        newUser("passkey-off", number);
        assertThat(afterCode(new FormLogin(), "passkey-off", number).loggedIn()).isTrue();
    }

    @Test
    @DisplayName("a trusted browser's skip (no code typed) never shows it")
    void notAfterATrustedSkip() {
        policy(Map.of("trustBrowserDays", "30"));
        String number = freshNumber();
        newUser("passkey-trusted", number);
        FormLogin browser = new FormLogin();
        FormLogin.Page code = browser.toCodePage(passkeyOauth, "passkey-trusted", PASSWORD);
        assertThat(browser.submitCode(code, sipgate.lastTo(number).orElseThrow().code(), true).loggedIn()).isTrue();
        browser.keepOnly("SIPGATE_SMS_TRUST");
        changePolicy(Map.of("trustBrowserDays", "30", "passkeyNudgeDays", "30"));
        int sent = sipgate.sent().size();
        assertThat(browser.toCodePage(passkeyOauth, "passkey-trusted", PASSWORD).loggedIn()).as("skipped, and no offer").isTrue();
        assertThat(sipgate.sent()).as("no SMS on the trusted browser").hasSize(sent);
    }

    @Test
    @DisplayName("the page in both login themes, in Chromium (screenshots for docs/images)")
    void bothThemes() throws IOException {
        policy(Map.of("passkeyNudgeDays", "30"));
        for (String theme : List.of("keycloak.v2", "keycloak")) {
            loginTheme(theme);
            String number = freshNumber();
            String username = "passkey-" + theme.replace('.', '-');
            newUser(username, number);
            driver.cookies().deleteAll();
            passwordStep(username, PASSWORD);
            codePage.assertCurrent();
            codePage.submitCode(sipgate.awaitTo(number, 1).code());
            waitFor(Duration.ofSeconds(15), d -> !d.findElements(By.id(FORM)).isEmpty());
            assertThat(driver.driver().findElement(By.name("add")).isDisplayed()).isTrue();
            Path shots = Path.of("target", "screenshots");
            Files.createDirectories(shots);
            Files.write(shots.resolve("passkey-nudge-" + theme + "-en.png"),
                ((TakesScreenshot) driver.driver()).getScreenshotAs(OutputType.BYTES));
            driver.driver().findElement(By.name("later")).click();
            waitFor(Duration.ofSeconds(15), d -> d.getCurrentUrl().contains("code="));
        }
    }
}
