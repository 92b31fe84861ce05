package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.UserBuilder;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;
import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;
import io.github.sipgatesms.keycloak.testsupport.FakeSmtp;

/**
 * The step in the password reset (docs/flow.md, "Password reset"; SECURITY.md 30-32). By SMS alone (Choose User, the
 * step, Reset Password) nothing before the step proved who is there: unknown, disabled, number-less and known accounts
 * get the same pages, no SMS but the known one's, the same answers to wrong codes and the same answer time, and code
 * requests are capped per client address. After "Send Reset Email" the e-mailed link alone never reaches the
 * new-password page.
 */
@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("password reset with the SMS step: by SMS alone without an oracle, and after the e-mail link, on a real server")
class PasswordResetIT extends SmsBrowserTest {

    private static final FakeSmtp SMTP = FakeSmtp.start();
    private static final String NEW_PASSWORD = "Fresh-pw-2";

    /** Reset flow: Choose User, then the step, then Reset Password. */
    public static class SmsOnlyReset extends SmsRealmConfig {
        @Override
        protected RealmBuilder realmSettings(RealmBuilder realm) {
            return resetFlow(realm, EarlierProofIT.execution("reset-credentials-choose-user", 10, null),
                EarlierProofIT.execution("sipgate-sms", 20, null), EarlierProofIT.execution("reset-password", 30, null));
        }
    }

    /** As {@link SmsOnlyReset}, with at most 3 code requests per client address and hour. */
    public static class CappedReset extends SmsOnlyReset {
        @Override
        protected Map<String, String> smsConfig() {
            Map<String, String> config = super.smsConfig();
            config.put("maxSmsPerAddressPerHour", "3");
            return config;
        }
    }

    /** Reset flow: Choose User, Send Reset Email, the step, Reset Password. */
    public static class MailThenSmsReset extends SmsRealmConfig {
        @Override
        protected RealmBuilder realmSettings(RealmBuilder realm) {
            return resetFlow(realm, EarlierProofIT.execution("reset-credentials-choose-user", 10, null),
                EarlierProofIT.execution("reset-credential-email", 20, null), EarlierProofIT.execution("sipgate-sms", 30, null),
                EarlierProofIT.execution("reset-password", 40, null));
        }
    }

    static RealmBuilder resetFlow(RealmBuilder realm, AuthenticationExecutionExportRepresentation... executions) {
        return realm.update(rep -> {
            rep.setResetPasswordAllowed(true);
            List<AuthenticationFlowRepresentation> flows = new ArrayList<>(rep.getAuthenticationFlows());
            flows.add(EarlierProofIT.flow("reset-sms", true, executions));
            rep.setAuthenticationFlows(flows);
            rep.setResetCredentialsFlow("reset-sms");
        });
    }

    @InjectRealm(config = SmsOnlyReset.class)
    ManagedRealm realm;

    @InjectRealm(config = CappedReset.class, ref = "capped")
    ManagedRealm capped;

    @InjectOAuthClient(ref = "capped", realmRef = "capped")
    OAuthClient cappedOauth;

    @InjectRealm(config = MailThenSmsReset.class, ref = "mail")
    ManagedRealm mail;

    @InjectOAuthClient(ref = "mail", realmRef = "mail")
    OAuthClient mailOauth;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.close();
    }

    /**
     * What a stranger can compare of two answers: the status and the page, without what differs per tab anyway (the
     * query strings of its URLs, which carry the session's code and tab) and without the username they typed themselves.
     */
    private static String comparable(FormLogin.Page page, String username) {
        return page.status() + " " + page.body().replaceAll("\\?[^\"'\\s<>]*", "?").replaceAll("tab_id=[\\w-]+", "")
            .replace(username, "USERNAME");
    }

    private static String lastFour(String number) {
        return number.substring(number.length() - 4);
    }

    @Test
    @DisplayName("by SMS alone: the holder of the number gets a reset SMS (not a 'login code'), sets a new password and logs in with it")
    void resetsWithTheCode() {
        String number = freshNumber();
        newUser("reset-known", number);
        FormLogin browser = new FormLogin();
        FormLogin.Page code = browser.resetFor(oauth, "reset-known");
        assertThat(code.isCodePage()).isTrue();
        FakeSipgate.Sms sms = sipgate.awaitTo(number, 1);
        assertThat(sms.message()).doesNotContain("login code").contains("password reset code");

        FormLogin.Page update = browser.submitCode(code, sms.code());
        assertThat(update.body()).contains("kc-passwd-update-form");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("password-new", NEW_PASSWORD);
        form.put("password-confirm", NEW_PASSWORD);
        assertThat(browser.post(update.formAction("kc-passwd-update-form"), form).loggedIn()).isTrue();

        FormLogin fresh = new FormLogin();
        FormLogin.Page login = fresh.toCodePage(oauth, "reset-known", NEW_PASSWORD);
        assertThat(login.isCodePage()).as("the new password passes the password step").isTrue();
        assertThat(fresh.submitCode(login, sipgate.awaitTo(number, 2).code()).loggedIn()).isTrue();
    }

    @Test
    @DisplayName("by SMS alone: unknown, disabled, number-less and known accounts get the same pages and wrong-code answers, no digit, one SMS")
    void sameAnswerForEveryAccount() {
        String number = freshNumber();
        newUser("same-known", number);
        newUser("same-nonumber", null);
        String disabledNumber = freshNumber();
        String disabledId = newUser("same-disabled", disabledNumber);
        var disabled = realm.admin().users().get(disabledId).toRepresentation();
        disabled.setEnabled(false);
        realm.admin().users().get(disabledId).update(disabled);

        Map<String, FormLogin> browsers = new LinkedHashMap<>();
        Map<String, FormLogin.Page> pages = new LinkedHashMap<>();
        for (String username : List.of("same-known", "same-unknown", "same-nonumber", "same-disabled")) {
            FormLogin browser = new FormLogin();
            browsers.put(username, browser);
            pages.put(username, browser.resetFor(oauth, username));
        }
        String known = comparable(pages.get("same-known"), "same-known");
        assertThat(pages.get("same-known").isCodePage()).isTrue();
        assertThat(known).doesNotContain(lastFour(number)).contains("If this account has a mobile number");
        pages.forEach((username, page) -> assertThat(comparable(page, username)).as(username).isEqualTo(known));

        String wrong = wrongCodeFor(sipgate.awaitTo(number, 1).code());
        Map<String, String> answers = new LinkedHashMap<>();
        browsers.forEach((username, browser) -> answers.put(username,
            comparable(browser.submitCode(pages.get(username), wrong), username)));
        assertThat(answers.get("same-known")).contains("Invalid code");
        answers.forEach((username, answer) -> assertThat(answer).as(username).isEqualTo(answers.get("same-known")));

        sleep(500);
        assertThat(sipgate.sent()).as("one SMS: the known account's").hasSize(1);
        assertThat(sipgate.sentTo(disabledNumber)).isEmpty();
    }

    @Test
    @DisplayName("by SMS alone: with a sipgate that answers in 600 ms, known and unknown accounts' median answer times differ by < 100 ms")
    void sameAnswerTime() {
        String number = freshNumber();
        newUser("time-known", number);
        AtomicInteger unknown = new AtomicInteger();
        assertSameAnswerTime(() -> chooseUserMillis("time-known"), () -> chooseUserMillis("time-unknown-" + unknown.incrementAndGet()), number);
    }

    /** The time of Choose User's answer (which runs the step) in a new browser; the first pages are not timed. */
    private long chooseUserMillis(String username) {
        FormLogin browser = new FormLogin();
        FormLogin.Page choose = browser.forgotPassword(oauth);
        long started = System.nanoTime();
        FormLogin.Page page = browser.chooseUser(choose, username);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(page.isCodePage()).isTrue();
        return millis;
    }

    @Test
    @DisplayName("by SMS alone: maxSmsPerAddressPerHour=3 stops the SMS after 3 requests from one address; an unknown account is refused alike")
    void perAddressCap() {
        List<String> numbers = new ArrayList<>();
        List<FormLogin.Page> pages = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String number = freshNumber();
            numbers.add(number);
            capped.addUser(UserBuilder.create("capped-" + i).password(PASSWORD).email("capped-" + i + "@example.org")
                .name("Capped", "User").emailVerified(true).attribute("phoneNumber", number));
            pages.add(new FormLogin().resetFor(cappedOauth, "capped-" + i));
        }
        FormLogin.Page unknown = new FormLogin().resetFor(cappedOauth, "capped-4");
        sleep(1000);
        assertThat(sipgate.sent()).as("at most 3 SMS from one address").hasSize(3);
        assertThat(pages.get(3).messages()).contains("Too many codes were requested");
        assertThat(comparable(unknown, "capped-4")).as("an unknown account is refused alike")
            .isEqualTo(comparable(pages.get(3), "capped-3"));
    }

    @Test
    @DisplayName("after 'Send Reset Email': the link alone reaches the code page (with a number) or 'no number', never the new password")
    void mailLinkAloneIsNotEnough() {
        SMTP.clear();
        mail.updateWithCleanup(r -> r.smtp("127.0.0.1", SMTP.port(), "sso@example.org"));
        String number = freshNumber();
        mail.addUser(UserBuilder.create("mail-known").password(PASSWORD).email("mail-known@example.org").name("Mail", "Known")
            .emailVerified(true).attribute("phoneNumber", number));
        mail.addUser(UserBuilder.create("mail-nonumber").password(PASSWORD).email("mail-nonumber@example.org")
            .name("Mail", "NoNumber").emailVerified(true));

        FormLogin browser = new FormLogin();
        FormLogin.Page sent = browser.resetFor(mailOauth, "mail-known");
        assertThat(sent.isCodePage()).as("the e-mail first").isFalse();
        FormLogin.Page linked = browser.get(resetLink("mail-known@example.org"));
        assertThat(linked.body()).doesNotContain("kc-passwd-update-form");
        assertThat(linked.isCodePage()).isTrue();
        assertThat(linked.body()).as("the mailbox is a proof: the number may be shown masked").contains(lastFour(number));
        FormLogin.Page update = browser.submitCode(linked, sipgate.awaitTo(number, 1).code());
        assertThat(update.body()).contains("kc-passwd-update-form");

        FormLogin other = new FormLogin();
        other.resetFor(mailOauth, "mail-nonumber");
        FormLogin.Page noNumber = other.get(resetLink("mail-nonumber@example.org"));
        assertThat(noNumber.body()).doesNotContain("kc-passwd-update-form").contains(NO_PHONE);
    }

    private static final String NO_PHONE = "No mobile number for SMS codes is set up for your account.";

    /** The reset link of the last mail to {@code recipient}, waiting up to 10 s for it. */
    private static String resetLink(String recipient) {
        return SMTP.awaitLink(recipient, "/login-actions/action-token?");
    }
}
