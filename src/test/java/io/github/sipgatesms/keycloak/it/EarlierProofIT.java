package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.UserBuilder;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;

/**
 * The registration and the trusted browser act only where an earlier step of this same login checked a credential,
 * and the trusted browser only in a first authentication of the browser flow (docs/flow.md, "Where the step runs";
 * SECURITY.md 29, 32). Each scenario is one an administrator builds in two clicks: an identifier-first login (Username
 * Form, then the step), a password reset by SMS (Choose User, the step, Reset Password), and Keycloak's
 * re-authentication before changing the number ({@code prompt=login} with {@code kc_action}).
 */
@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("no registration and no trusted browser where nothing before the step checked a credential")
class EarlierProofIT extends SmsBrowserTest {

    private static final String COOKIE = "SIPGATE_SMS_TRUST";
    private static final String NO_PHONE = "No mobile number for SMS codes is set up for your account.";
    private static final String RESET_FLOW = "reset-sms";
    private static final String CONDITIONAL_SUB_FLOW = "sms-if-configured";

    /** Trusted browsers on, and the realm's reset flow Choose User, then the step, then Reset Password. */
    public static class ResetRealm extends SmsRealmConfig {
        @Override
        protected Map<String, String> smsConfig() {
            Map<String, String> config = super.smsConfig();
            config.put("trustBrowserDays", "30");
            return config;
        }

        @Override
        protected RealmBuilder realmSettings(RealmBuilder realm) {
            return realm.update(rep -> {
                rep.setResetPasswordAllowed(true);
                AuthenticationFlowRepresentation reset = flow(RESET_FLOW, true, execution("reset-credentials-choose-user", 10, null),
                    execution("sipgate-sms", 20, null), execution("reset-password", 30, null));
                List<AuthenticationFlowRepresentation> flows = new ArrayList<>(rep.getAuthenticationFlows());
                flows.add(reset);
                rep.setAuthenticationFlows(flows);
                rep.setResetCredentialsFlow(RESET_FLOW);
            });
        }
    }

    /**
     * Identifier-first: Keycloak's Username Form, then the step; the number registration enabled, trusted browsers on.
     * Its reset flow asks for the SMS only where the user has a number: Choose User, a CONDITIONAL sub-flow
     * ("Condition - user configured", the step), Reset Password.
     */
    public static class UsernameFormRealm extends ResetRealm {
        @Override
        protected RealmBuilder realmSettings(RealmBuilder realm) {
            return realm.update(rep -> {
                rep.getAuthenticationFlows().get(0).getAuthenticationExecutions().get(0).setAuthenticator("auth-username-form");
                rep.setResetPasswordAllowed(true);
                AuthenticationFlowRepresentation sub = flow(CONDITIONAL_SUB_FLOW, false,
                    execution("conditional-user-configured", 10, null), execution("sipgate-sms", 20, null));
                AuthenticationExecutionExportRepresentation conditional = new AuthenticationExecutionExportRepresentation();
                conditional.setFlowAlias(CONDITIONAL_SUB_FLOW);
                conditional.setRequirement("CONDITIONAL");
                conditional.setPriority(20);
                conditional.setAuthenticatorFlow(true);
                AuthenticationFlowRepresentation reset = flow(RESET_FLOW, true, execution("reset-credentials-choose-user", 10, null),
                    conditional, execution("reset-password", 30, null));
                List<AuthenticationFlowRepresentation> flows = new ArrayList<>(rep.getAuthenticationFlows());
                flows.add(reset);
                flows.add(sub);
                rep.setAuthenticationFlows(flows);
                rep.setResetCredentialsFlow(RESET_FLOW);
            });
        }
    }

    static AuthenticationFlowRepresentation flow(String alias, boolean topLevel, AuthenticationExecutionExportRepresentation... executions) {
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias(alias);
        flow.setProviderId("basic-flow");
        flow.setTopLevel(topLevel);
        flow.setBuiltIn(false);
        flow.setAuthenticationExecutions(new ArrayList<>(List.of(executions)));
        return flow;
    }

    static AuthenticationExecutionExportRepresentation execution(String authenticator, int priority, String config) {
        AuthenticationExecutionExportRepresentation execution = new AuthenticationExecutionExportRepresentation();
        execution.setAuthenticator(authenticator);
        execution.setRequirement("REQUIRED");
        execution.setPriority(priority);
        execution.setAuthenticatorFlow(false);
        execution.setAuthenticatorConfig(config);
        return execution;
    }

    @InjectRealm(config = ResetRealm.class, ref = "proof")
    ManagedRealm realm;

    @InjectOAuthClient(ref = "proof", realmRef = "proof")
    OAuthClient proofOauth;

    @InjectRealm(config = UsernameFormRealm.class, ref = "idfirst")
    ManagedRealm idFirst;

    @InjectOAuthClient(ref = "idfirst", realmRef = "idfirst")
    OAuthClient idFirstOauth;

    @InjectEvents(realmRef = "idfirst")
    Events idFirstEvents;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @Override
    OAuthClient oauth() {
        return proofOauth;
    }

    @Test
    @DisplayName("Username Form + step: a username alone never reaches the phone registration, binds nothing and logs nobody in")
    void usernameAloneRegistersNothing() {
        idFirst.addUser(UserBuilder.create("idf-nophone").password(PASSWORD)
            .email("idf-nophone@example.org").name("No", "Phone").emailVerified(true));
        String id = idFirst.admin().users().search("idf-nophone", true).get(0).getId();
        long started = System.currentTimeMillis();

        FormLogin browser = new FormLogin();
        FormLogin.Page afterUsername = username(browser, idFirstOauth, "idf-nophone");
        assertThat(afterUsername.body()).as("no phone form after the username alone").doesNotContain("name=\"phone\"");
        assertThat(afterUsername.loggedIn()).isFalse();
        assertThat(afterUsername.messages()).contains(NO_PHONE);
        assertThat(afterUsername.isCodePage()).as("no code form either").isFalse();
        assertThat(sipgate.requests()).as("no SMS").isEmpty();
        assertThat(idFirst.admin().users().get(id).credentials()).as("nothing bound").noneMatch(c -> "sipgate-sms".equals(c.getType()));
        assertThat(idFirst.admin().users().get(id).toRepresentation().getRequiredActions()).isEmpty();
        Predicate<EventRepresentation> withheld = e -> e.getTime() >= started && id.equals(e.getUserId())
            && "sipgate_sms_no_phone".equals(e.getError()) && "withheld".equals(detail(e, "sipgate_sms_registration"));
        assertThat(awaitEvents(idFirstEvents, withheld)).as("the administrator's event").anyMatch(withheld);

        // a user with a number still logs in with the code; no trust offered after a username alone
        String number = freshNumber();
        idFirst.addUser(UserBuilder.create("idf-phone").password(PASSWORD)
            .email("idf-phone@example.org").name("Has", "Phone").emailVerified(true).attribute("phoneNumber", number));
        FormLogin withPhone = new FormLogin();
        FormLogin.Page code = username(withPhone, idFirstOauth, "idf-phone");
        assertThat(code.isCodePage()).isTrue();
        assertThat(code.body()).doesNotContain("name=\"trust\"");
        FormLogin.Page done = withPhone.submitCode(code, sipgate.lastTo(number).orElseThrow().code(), true);
        assertThat(done.loggedIn()).isTrue();
        assertThat(withPhone.cookie(COOKIE)).as("no trust cookie after a username alone").isNull();
    }

    @Test
    @DisplayName("reset flow Choose User -> step -> Reset Password: no checkbox, and a browser trusted at an ordinary login still needs the code")
    void resetNeverTrusts() {
        String number = freshNumber();
        newUser("reset-user", number);
        FormLogin browser = trustedBrowser("reset-user", number);
        browser.keepOnly(COOKIE);

        // the ordinary password + step login of the restarted browser keeps its trusted browser
        FormLogin.Page again = browser.toCodePage(proofOauth, "reset-user", PASSWORD);
        assertThat(again.loggedIn()).as("trusted at an ordinary login: no SMS").isTrue();
        browser.keepOnly(COOKIE);

        int before = sipgate.sent().size();
        FormLogin.Page code = resetFor(browser, "reset-user");
        assertThat(code.body()).as("not straight to 'Update password'").doesNotContain("kc-passwd-update-form");
        assertThat(code.isCodePage()).as("the reset asks for the code").isTrue();
        assertThat(code.body()).as("no checkbox on the reset's code page").doesNotContain("name=\"trust\"");
        // a reset by SMS alone sends after the answer
        // the second SMS to the number (the first was the trusted login's)
        FormLogin.Page update = browser.submitCode(code, sipgate.awaitTo(number, 2).code(), true);
        assertThat(sipgate.sent()).hasSize(before + 1);
        assertThat(update.body()).as("the code reaches 'Update password'").contains("kc-passwd-update-form");

        // a browser without a cookie: a checked 'trust' posted anyway mints nothing in a reset
        FormLogin fresh = new FormLogin();
        FormLogin.Page freshCode = resetFor(fresh, "reset-user");
        assertThat(freshCode.isCodePage()).isTrue();
        fresh.submitCode(freshCode, sipgate.awaitTo(number, 3).code(), true);
        assertThat(fresh.cookie(COOKIE)).isNull();
    }

    @Test
    @DisplayName("prompt=login with kc_action=sipgate-sms-register-phone on a trusted browser asks for the code again")
    void reauthenticationAsksForTheCode() {
        String number = freshNumber();
        newUser("reauth-user", number);
        FormLogin browser = trustedBrowser("reauth-user", number);
        FormLogin.Page login = browser.get(proofOauth.loginForm().prompt("login").kcAction("sipgate-sms-register-phone").build());
        int before = sipgate.sent().size();
        FormLogin.Page afterPassword = browser.password(login, "reauth-user", PASSWORD);
        assertThat(afterPassword.body()).as("not straight to the new number's form").doesNotContain("name=\"phone\"");
        assertThat(afterPassword.isCodePage()).as("the code of the current number first").isTrue();
        assertThat(afterPassword.body()).doesNotContain("name=\"trust\"");
        assertThat(sipgate.sent()).hasSize(before + 1);
    }

    @Test
    @DisplayName("a reset whose SMS sits under 'Condition - user configured' is no bypass: a user without a number and an unknown "
        + "username get the code page as every account does, never the new-password form nor an error (SECURITY.md 40)")
    void conditionalResetIsNoBypass() {
        idFirst.addUser(UserBuilder.create("cond-nophone").password(PASSWORD).email("cond-nophone@example.org")
            .name("No", "Phone").emailVerified(true));
        FormLogin noNumberBrowser = new FormLogin();
        FormLogin.Page noNumber = resetFor(noNumberBrowser, idFirstOauth, "cond-nophone");
        assertThat(noNumber.status()).isEqualTo(200);
        assertThat(noNumber.body()).as("the condition cannot skip the step").doesNotContain("kc-passwd-update-form");
        assertThat(noNumber.isCodePage()).isTrue();
        assertThat(noNumberBrowser.submitCode(noNumber, "480517").body()).doesNotContain("kc-passwd-update-form");

        FormLogin.Page unknown = resetFor(new FormLogin(), idFirstOauth, "cond-nobody");
        assertThat(unknown.status()).as("no user: no error").isEqualTo(200);
        assertThat(unknown.isCodePage()).isTrue();
        assertThat(unknown.body()).doesNotContain("kc-passwd-update-form");

        String number = freshNumber();
        idFirst.addUser(UserBuilder.create("cond-phone").password(PASSWORD).email("cond-phone@example.org")
            .name("Has", "Phone").emailVerified(true).attribute("phoneNumber", number));
        FormLogin browser = new FormLogin();
        FormLogin.Page code = resetFor(browser, idFirstOauth, "cond-phone");
        assertThat(code.isCodePage()).isTrue();
        assertThat(browser.submitCode(code, sipgate.awaitTo(number, 1).code()).body()).contains("kc-passwd-update-form");
        assertThat(sipgate.sent()).as("an SMS only to the holder of a number").hasSize(1);
    }

    /** A browser that logged in once with 'trust' checked (it keeps its session cookies too). */
    private FormLogin trustedBrowser(String username, String number) {
        FormLogin browser = new FormLogin();
        FormLogin.Page code = browser.toCodePage(proofOauth, username, PASSWORD);
        assertThat(code.isCodePage()).isTrue();
        assertThat(code.body()).as("an ordinary login offers the checkbox").contains("name=\"trust\"");
        assertThat(browser.submitCode(code, sipgate.lastTo(number).orElseThrow().code(), true).loggedIn()).isTrue();
        assertThat(browser.cookie(COOKIE)).isNotBlank();
        return browser;
    }

    /** Opens the login, follows "Forgot password?" and chooses the user: the page the reset flow shows next. */
    private FormLogin.Page resetFor(FormLogin browser, String username) {
        return browser.resetFor(proofOauth, username);
    }

    private static FormLogin.Page resetFor(FormLogin browser, OAuthClient client, String username) {
        return browser.resetFor(client, username);
    }

    /** Opens the login of an identifier-first flow and submits the username only. */
    private static FormLogin.Page username(FormLogin browser, OAuthClient client, String username) {
        FormLogin.Page login = browser.open(client);
        return browser.post(login.formAction("kc-form-login"), Map.of("username", username));
    }
}
