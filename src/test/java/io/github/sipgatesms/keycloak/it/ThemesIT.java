package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;

import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;
import io.github.sipgatesms.keycloak.it.support.pages.RegisterPhonePage;

/**
 * Registration and login under both built-in login themes, in English and German, with screenshots of the
 * registration and code pages in target/screenshots (the README shows copies from docs/images).
 */
@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("the pages under the keycloak.v2 and keycloak login themes, in English and German (with screenshots)")
class ThemesIT extends SmsBrowserTest {

    static final Path SHOTS = Path.of("target", "screenshots");

    @InjectRealm(config = SmsRealmConfig.class)
    ManagedRealm realm;

    @InjectPage
    RegisterPhonePage registerPage;

    @Override
    ManagedRealm realm() {
        return realm;
    }


    @Test
    @DisplayName("under a custom theme that extends keycloak.v2, the step works and the theme's own wording wins")
    void customTheme() {
        loginTheme("acme-login");
        String number = freshNumber();
        newUser("acme", number);
        passwordStep("acme", PASSWORD);
        codePage.assertCurrent();
        assertThat(driver.findElement(By.id("kc-page-title")).getText()).contains("Acme: enter your SMS code");
        assertThat(codePage.instruction()).contains("We sent a code by SMS to");
        codePage.submitCode(sipgate.lastTo(number).orElseThrow().code());
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();
    }

    private void shoot(String name) throws IOException {
        Files.createDirectories(SHOTS);
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) driver.driver()).getScreenshotAs(OutputType.BYTES));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({
        "keycloak.v2, en, Set up SMS codes, Enter the code from your SMS",
        "keycloak.v2, de, SMS-Codes einrichten, Code aus der SMS eingeben",
        "keycloak, en, Set up SMS codes, Enter the code from your SMS",
        "keycloak, de, SMS-Codes einrichten, Code aus der SMS eingeben"
    })
    @DisplayName("a new user registers a number and logs in; both pages look like the theme")
    void registerAndLogIn(String theme, String locale, String registerTitle, String codeTitle) throws IOException {
        loginTheme(theme);
        String username = "themed-" + theme.replace('.', '-') + "-" + locale;
        newUser(username, null);
        String number = freshNumber();
        Dimension size = driver.driver().manage().window().getSize();
        driver.driver().manage().window().setSize(new Dimension(900, 1000));
        try {
            oauth.loginForm().uiLocales(locale).open();
            loginPage.assertCurrent();
            loginPage.fillLogin(username, PASSWORD);
            loginPage.submit();

            registerPage.assertCurrent();
            assertThat(driver.findElement(By.id("kc-page-title")).getText()).contains(registerTitle);
            assertStyledBy(theme);
            shoot("register-" + theme + "-" + locale);

            registerPage.submitPhone("0800 1234567890");
            registerPage.assertCurrent();
            WebElement hint = driver.findElement(By.id("sipgate-sms-register-hint"));
            WebElement error = driver.findElement(By.id("input-error-phone"));
            assertThat(error.getText()).isNotBlank();
            assertThat(error.getRect().getY()).as("the error stands under the hint, not beside it")
                .isGreaterThanOrEqualTo(hint.getRect().getY() + hint.getRect().getHeight());
            assertThat(driver.findElement(By.id("phone")).getAttribute("aria-describedby")).contains("input-error-phone");
            shoot("register-error-" + theme + "-" + locale);
            registerPage.submitPhone(number);

            codePage.assertCurrent();
            assertThat(driver.findElement(By.id("kc-page-title")).getText()).contains(codeTitle);
            shoot("code-" + theme + "-" + locale);
            String sent = codePage.instruction();
            codePage.resend();
            codePage.assertCurrent();
            assertThat(codePage.messages()).as("one message: the instruction confirms the new code").isEmpty();
            assertThat(codePage.instruction()).isNotEqualTo(sent).contains(number.substring(number.length() - 4));
            shoot("code-resent-" + theme + "-" + locale);
            codePage.submitCode(sipgate.lastTo(number).orElseThrow().code());
            assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();
        } finally {
            driver.driver().manage().window().setSize(size);
        }
        assertThat(SHOTS.resolve("code-" + theme + "-" + locale + ".png")).isNotEmptyFile();
    }
}
