package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.RealmPolicy;
import io.github.sipgatesms.keycloak.it.support.SharedSipgate;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;
import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;

/**
 * The realm tab "SMS (sipgate)" in the admin console (Chromium), on every supported server version: it is there, its
 * token field comes back masked, and saving it unchanged changes nothing.
 */
@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("the admin console's 'SMS (sipgate)' tab")
class PolicyTabIT extends SmsBrowserTest {

    /** A policy with its own literal token (the case Keycloak must mask) and a few rules. */
    public static class TabRealm extends SmsRealmConfig {
        @Override
        protected Map<String, String> smsConfig() {
            Map<String, String> config = super.smsConfig();
            config.put("sipgateBaseUrl", SharedSipgate.get().baseUrl());
            config.put("sipgateTokenId", FakeSipgate.TOKEN_ID);
            config.put("sipgateToken", FakeSipgate.TOKEN);
            config.put("allowedRegions", "DE,AT");
            return config;
        }
    }

    @InjectRealm(config = TabRealm.class)
    ManagedRealm realm;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @Test
    @DisplayName("the tab shows the policy with the token masked; Save unchanged keeps every value and the token still sends")
    void unchangedSave() {
        Map<String, String> before = RealmPolicy.values(realm.admin());
        assertThat(before.get("sipgateToken")).as("the admin API masks the secret").matches("\\*+");

        openAdminConsole("realm-settings/sipgate-sms");

        WebElement tab = waitFor(Duration.ofSeconds(30), d -> d.findElement(
            By.xpath("//nav[@aria-label='realm-settings-tabs']//a[@role='tab'][normalize-space()='SMS (sipgate)']")));
        assertThat(tab.getAttribute("aria-selected")).isEqualTo("true");
        WebElement token = waitFor(Duration.ofSeconds(20), d -> {
            WebElement field = d.findElement(By.id("config.sipgateToken"));
            return field.getAttribute("value").isEmpty() ? null : field;
        });
        assertThat(token.getAttribute("type")).isEqualTo("password");
        assertThat(token.getAttribute("value")).as("the token field holds the mask, never the token").matches("\\*+")
            .isNotEqualTo(FakeSipgate.TOKEN);
        assertThat(driver.driver().getPageSource()).doesNotContain(FakeSipgate.TOKEN);
        assertThat(driver.driver().findElement(By.id("config.allowedRegions")).getAttribute("value")).isEqualTo("DE,AT");

        WebElement save = driver.driver().findElement(By.cssSelector("button[data-testid='save']"));
        ((JavascriptExecutor) driver.driver()).executeScript("arguments[0].scrollIntoView({block: 'center'});", save);
        save.click();
        waitFor(Duration.ofSeconds(20), d -> d.findElement(By.cssSelector("[data-testid='last-alert']")).getText()
            .contains("Saved") ? true : null);

        Map<String, String> after = RealmPolicy.values(realm.admin());
        assertThat(after).as("saved unchanged: the same values").containsAllEntriesOf(before);
        assertThat(after.keySet()).as("no setting pinned by the save").allSatisfy(key ->
            assertThat(before.containsKey(key) || "realm".equals(key) || "tab".equals(key)).as(key).isTrue());

        String number = freshNumber();
        newUser("tab-user", number);
        FormLogin.Page page = new FormLogin().toCodePage(oauth, "tab-user", PASSWORD);
        assertThat(page.isCodePage()).isTrue();
        assertThat(sipgate.sentTo(number)).as("the stored token still works after the save").hasSize(1);
    }
}
