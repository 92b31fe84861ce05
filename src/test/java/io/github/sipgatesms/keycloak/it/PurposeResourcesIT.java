package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.UserBuilder;
import org.keycloak.testframework.server.KeycloakUrls;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.Scrape;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;
import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;
import io.github.sipgatesms.keycloak.testsupport.FakeSmtp;

/**
 * Each purpose of an SMS (login, reset, phone sign-in) has its own text, its own metric label and its own resources:
 * a reset reached through the e-mailed link is a reset, and what strangers can start for a user without any proof (a
 * reset by SMS alone, a phone sign-in with the user's number) never spends the cooldown and hourly caps the user's own
 * password + SMS login needs. Strangers' requests come from other client addresses ({@link FormLogin#fromAddress}: the
 * server runs without proxy headers and sees the TCP peer, so each request leaves from its own loopback address).
 */
@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("each purpose of an SMS has its text, its metric and its own limits, on a real server")
class PurposeResourcesIT extends SmsBrowserTest {

    private static final FakeSmtp SMTP = FakeSmtp.start();
    private static final String RESET_TEXT = "password reset code";
    private static final String LOGIN_TEXT = "your login code";
    private static final String TOO_MANY = "Too many codes were requested";
    private static final String WAIT = "Please wait";
    private static final int STRANGERS = 6;

    /**
     * The policy as shipped (README defaults): 30 s resend cooldown, 5 SMS per user and per number an hour, 10 code
     * requests per client address an hour; not the roomy caps the other tests' realms use.
     */
    static Map<String, String> defaultLimits(Map<String, String> config) {
        config.put("resendCooldownSeconds", "30");
        config.put("maxSmsPerUserPerHour", "5");
        config.put("maxSmsPerNumberPerHour", "5");
        config.put("maxSmsPerAddressPerHour", "10");
        config.remove("maxSmsPerRealmPerHour");
        return config;
    }

    /** Reset by SMS alone (Choose User, the step, Reset Password); the browser flow password, then the step; default limits. */
    public static class StrangerResetRealm extends PasswordResetIT.SmsOnlyReset {
        @Override
        protected Map<String, String> smsConfig() {
            return defaultLimits(super.smsConfig());
        }
    }

    /** Browser flow phone sign-in; the password + step flow for the client "sms-app" (bound in the test); default limits. */
    public static class StrangerPhoneRealm extends PhoneSignInIT.PhoneRealm {
        @Override
        protected Map<String, String> smsConfig() {
            return defaultLimits(super.smsConfig());
        }
    }

    @InjectRealm(config = PasswordResetIT.MailThenSmsReset.class, ref = "purpose-mail")
    ManagedRealm mail;

    @InjectOAuthClient(ref = "purpose-mail", realmRef = "purpose-mail")
    OAuthClient mailOauth;

    @InjectRealm(config = StrangerResetRealm.class, ref = "purpose-reset")
    ManagedRealm reset;

    @InjectOAuthClient(ref = "purpose-reset", realmRef = "purpose-reset")
    OAuthClient resetOauth;

    @InjectRealm(config = StrangerPhoneRealm.class, ref = "purpose-phone")
    ManagedRealm phone;

    @InjectOAuthClient(ref = "purpose-phone", realmRef = "purpose-phone")
    OAuthClient phoneOauth;

    @InjectOAuthClient(ref = "purpose-phone-sms", realmRef = "purpose-phone", config = PhoneSignInIT.SmsClient.class)
    OAuthClient phoneSmsOauth;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @Override
    ManagedRealm realm() {
        return reset;
    }

    @Override
    OAuthClient oauth() {
        return resetOauth;
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.close();
    }

    private static void addUser(ManagedRealm realm, String username, String number) {
        realm.addUser(UserBuilder.create(username).password(PASSWORD).email(username + "@example.org").name(username, "Test")
            .emailVerified(true).attribute("phoneNumber", number));
    }

    @Test
    @DisplayName("given a reset Choose User, Send Reset Email, the step, Reset Password, when the user follows the e-mailed link, "
        + "then the SMS is the reset text and is counted with purpose=reset")
    void resetAfterTheMailLinkIsAReset() {
        mail.updateWithCleanup(r -> r.smtp("127.0.0.1", SMTP.port(), "sso@example.org"));
        SMTP.clear();
        String number = freshNumber();
        addUser(mail, "purpose-mailed", number);
        String name = mail.getName();
        Scrape before = Scrape.of(urls.getMetric());

        FormLogin browser = new FormLogin();
        assertThat(browser.resetFor(mailOauth, "purpose-mailed").isCodePage()).as("the e-mail first").isFalse();
        FormLogin.Page linked = browser.get(SMTP.awaitLink("purpose-mailed@example.org", "/login-actions/action-token?"));
        assertThat(linked.isCodePage()).as("the e-mailed link reaches the SMS step: %s", linked.messages()).isTrue();
        FakeSipgate.Sms sms = sipgate.awaitTo(number, 1);
        assertThat(browser.submitCode(linked, sms.code()).body()).as("the code leads on to the new password")
            .contains("kc-passwd-update-form");

        Scrape after = Scrape.of(urls.getMetric());
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(sms.message()).as("the SMS after the e-mailed link is the reset text").contains(RESET_TEXT).doesNotContain(LOGIN_TEXT);
        soft.assertThat(sent(before, after, name, "reset")).as("sipgate_sms_sent_total{realm=%s,purpose=reset,outcome=sent} delta", name)
            .isEqualTo(1);
        soft.assertThat(sent(before, after, name, "login")).as("sipgate_sms_sent_total{realm=%s,purpose=login,outcome=sent} delta", name)
            .isZero();
        soft.assertAll();
    }

    @Test
    @DisplayName("given six strangers' 'forgot password' for a user, each from its own address, when the user then logs in with the "
        + "password, then the login's SMS goes out at once and the login completes")
    void strangersResetsLeaveTheLoginAlone() {
        String number = freshNumber();
        addUser(reset, "purpose-reset-target", number);
        for (int i = 0; i < STRANGERS; i++) {
            FormLogin stranger = FormLogin.fromAddress("127.0.0." + (11 + i));
            FormLogin.Page page = stranger.resetFor(resetOauth, "purpose-reset-target");
            assertThat(page.isCodePage()).as("stranger %d reaches the code page: %s", i + 1, page.messages()).isTrue();
            assertThat(page.messages()).as("stranger %d", i + 1).doesNotContain(TOO_MANY);
        }
        assertThat(sipgate.awaitTo(number, 1).message()).as("the strangers' resets reached the user's number").contains(RESET_TEXT);

        assertLoginSmsAtOnce(resetOauth, "purpose-reset-target", number);
    }

    @Test
    @DisplayName("given six strangers' phone sign-ins with a user's number, each from its own address, when the user then logs in "
        + "with the password, then the login's SMS goes out at once and the login completes")
    void strangersPhoneSignInsLeaveTheLoginAlone() {
        bindToPasswordFlow(phone, "sms-app");
        String number = freshNumber();
        addUser(phone, "purpose-phone-target", number);
        for (int i = 0; i < STRANGERS; i++) {
            FormLogin stranger = FormLogin.fromAddress("127.0.0." + (21 + i));
            FormLogin.Page page = stranger.phoneSignIn(stranger.open(phoneOauth), number);
            assertThat(page.isCodePage()).as("stranger %d reaches the code page: %s", i + 1, page.messages()).isTrue();
            assertThat(page.messages()).as("stranger %d", i + 1).doesNotContain(TOO_MANY);
        }
        sipgate.awaitTo(number, 1);

        assertLoginSmsAtOnce(phoneSmsOauth, "purpose-phone-target", number);
    }

    /**
     * The user's password + SMS login, from this machine's address: the code page without a wait or "too many codes", an
     * SMS with the login text already at sipgate when the page is there, and its code completes the login.
     */
    private void assertLoginSmsAtOnce(OAuthClient client, String username, String number) {
        sleep(1000); // the strangers' SMS go out after their answers: let every one of them land first
        List<FakeSipgate.Sms> before = sipgate.sentTo(number);

        FormLogin user = new FormLogin();
        FormLogin.Page code = user.toCodePage(client, username, PASSWORD);
        assertThat(code.isCodePage()).as("the password leads to the code page").isTrue();
        List<FakeSipgate.Sms> now = sipgate.sentTo(number);
        assertThat(now).as("the login's SMS, sent at once after %d strangers' requests (%d SMS to the number before; the code page says: '%s')",
            STRANGERS, before.size(), code.messages()).hasSize(before.size() + 1);
        assertThat(code.messages()).as("the login's code page").doesNotContain(TOO_MANY).doesNotContain(WAIT);
        FakeSipgate.Sms sms = now.get(now.size() - 1);
        assertThat(sms.message()).as("the login's SMS").contains(LOGIN_TEXT);
        assertThat(user.submitCode(code, sms.code()).loggedIn()).as("the login completes with that code").isTrue();
    }

    private static double sent(Scrape before, Scrape after, String realm, String purpose) {
        Map<String, String> labels = Map.of("realm", realm, "purpose", purpose, "outcome", "sent");
        return after.sum("sipgate_sms_sent_total", labels) - before.sum("sipgate_sms_sent_total", labels);
    }

    /** Binds the client whose id starts with {@code clientIdPrefix} to the realm's password + step flow. */
    private static void bindToPasswordFlow(ManagedRealm realm, String clientIdPrefix) {
        String flowId = realm.admin().flows().getFlows().stream().filter(f -> SmsRealmConfig.FLOW.equals(f.getAlias())).findFirst()
            .orElseThrow().getId();
        ClientRepresentation client = realm.admin().clients().findAll().stream().filter(c -> c.getClientId().startsWith(clientIdPrefix))
            .findFirst().orElseThrow();
        client.setAuthenticationFlowBindingOverrides(Map.of("browser", flowId));
        realm.admin().clients().get(client.getId()).update(client);
    }
}
