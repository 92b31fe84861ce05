package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;
import org.keycloak.testframework.ui.annotations.InjectPage;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.ServerVersion;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;
import io.github.sipgatesms.keycloak.it.support.pages.RegisterPhonePage;
import io.github.sipgatesms.keycloak.testsupport.FakeSmtp;

@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("changing the number binds a new authenticator: it needs the current login and is e-mailed to the user")
class ChangeNumberIT extends SmsBrowserTest {

    private static final FakeSmtp SMTP = FakeSmtp.start();
    /** Keycloak 26.7 names the credential type on the admin event of a removal, which the removal e-mail needs; 26.5 does not. */
    private static final boolean REMOVAL_EVENT_NAMES_TYPE = ServerVersion.atLeast(26, 7, 0);

    /** A browser flow with single sign-on: cookie, or (password, then SMS), like Keycloak's own browser flow. */
    public static class SsoRealm extends SmsRealmConfig {
        @Override
        protected RealmBuilder realmSettings(RealmBuilder realm) {
            return realm.update(rep -> {
                AuthenticationFlowRepresentation top = rep.getAuthenticationFlows().get(0);
                AuthenticationFlowRepresentation forms = new AuthenticationFlowRepresentation();
                forms.setAlias("sms-forms");
                forms.setProviderId("basic-flow");
                forms.setTopLevel(false);
                forms.setBuiltIn(false);
                forms.setAuthenticationExecutions(new ArrayList<>(top.getAuthenticationExecutions()));

                AuthenticationExecutionExportRepresentation cookie = new AuthenticationExecutionExportRepresentation();
                cookie.setAuthenticator("auth-cookie");
                cookie.setRequirement("ALTERNATIVE");
                cookie.setPriority(10);
                cookie.setAuthenticatorFlow(false);
                AuthenticationExecutionExportRepresentation formsFlow = new AuthenticationExecutionExportRepresentation();
                formsFlow.setFlowAlias("sms-forms");
                formsFlow.setRequirement("ALTERNATIVE");
                formsFlow.setPriority(20);
                formsFlow.setAuthenticatorFlow(true);
                top.setAuthenticationExecutions(new ArrayList<>(List.of(cookie, formsFlow)));

                List<AuthenticationFlowRepresentation> flows = new ArrayList<>(rep.getAuthenticationFlows());
                flows.add(forms);
                rep.setAuthenticationFlows(flows);
            });
        }
    }

    @InjectRealm(config = SsoRealm.class)
    ManagedRealm realm;

    @InjectPage
    RegisterPhonePage registerPage;

    @InjectEvents
    Events events;

    @InjectTimeOffSet(enableForCaches = true)
    TimeOffSet timeOffSet;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @BeforeEach
    void smtp() {
        SMTP.clear();
        realm.updateWithCleanup(r -> r.smtp("127.0.0.1", SMTP.port(), "sso@example.org"));
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.close();
    }


    private String codeTo(String number) {
        return sipgate.lastTo(number).orElseThrow(() -> new AssertionError("no SMS to " + number)).code();
    }

    private static String masked(String e164) {
        return "+49 ••• ••• " + e164.substring(e164.length() - 4);
    }

    @Test
    @DisplayName("from the account console (kc_action) after 5 minutes: password and current SMS code again, then the new number, then an e-mail")
    void changeNeedsReauthenticationAndNotifies() {
        String userId = newUser("mover", null);
        String first = freshNumber();
        String second = freshNumber();
        passwordStep("mover", PASSWORD);
        registerPage.assertCurrent();
        registerPage.submitPhone(first);
        codePage.assertCurrent();
        codePage.submitCode(codeTo(first));
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();
        assertThat(SMTP.mails()).as("a first registration is not a change").isEmpty();

        timeOffSet.set(301);
        oauth.loginForm().kcAction("sipgate-sms-register-phone").open();
        loginPage.assertCurrent();
        loginPage.fillPassword(PASSWORD);
        loginPage.submit();
        codePage.assertCurrent();
        assertThat(sipgate.sentTo(first)).as("the current number is asked for again").hasSize(2);
        codePage.submitCode(codeTo(first));

        registerPage.assertCurrent();
        registerPage.submitPhone(second);
        codePage.assertCurrent();
        codePage.submitCode(codeTo(second));
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();

        assertThat(smsCredentials(userId)).singleElement().extracting(CredentialRepresentation::getUserLabel).isEqualTo(masked(second));
        assertThat(SMTP.mails()).singleElement().satisfies(mail -> {
            assertThat(mail.recipient()).isEqualTo("mover@example.org");
            assertThat(mail.data()).contains("your number for SMS codes changed").doesNotContain(second.substring(3));
        });
    }

    @Test
    @DisplayName("a registered number wins over the administrator's attribute, until then the attribute is used; registering over it is e-mailed")
    void registeredNumberWins() {
        String provisioned = freshNumber();
        String registered = freshNumber();
        String userId = newUser("both", provisioned);
        passwordStep("both", PASSWORD);
        codePage.assertCurrent();
        codePage.submitCode(codeTo(provisioned));
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();

        // inside the maximum authentication age: no re-authentication needed
        oauth.loginForm().kcAction("sipgate-sms-register-phone").open();
        registerPage.assertCurrent();
        registerPage.submitPhone(registered);
        codePage.assertCurrent();
        codePage.submitCode(codeTo(registered));
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();
        assertThat(smsCredentials(userId)).singleElement().extracting(CredentialRepresentation::getUserLabel).isEqualTo(masked(registered));
        assertThat(SMTP.mails()).as("the number codes go to changed from the provisioned one").singleElement()
            .satisfies(mail -> assertThat(mail.data()).contains("your number for SMS codes changed"));

        realm.admin().logoutAll();
        driver.cookies().deleteAll();
        passwordStep("both", PASSWORD);
        codePage.assertCurrent();
        assertThat(sipgate.sentTo(registered)).hasSize(2);
        assertThat(sipgate.sentTo(provisioned)).hasSize(1);
    }

    @Test
    @DisplayName("an attribute number changed after it was proven (as a directory sync would): no SMS to it, 'ask your administrator', "
        + "the previous number on the event; once the administrator confirms it (deletes the SMS credential), a code proves it")
    void changedAttributeNumberWaitsForTheAdministrator() {
        String first = freshNumber();
        String second = freshNumber();
        String userId = newUser("mover", first);
        FormLogin once = new FormLogin();
        assertThat(once.submitCode(once.toCodePage(oauth, "mover", PASSWORD), codeTo(first)).loggedIn()).as("the first number proven")
            .isTrue();

        // the directory now holds another number in the mover's attribute
        UserRepresentation mover = realm.admin().users().get(userId).toRepresentation();
        mover.getAttributes().put("phoneNumber", List.of(second));
        realm.admin().users().get(userId).update(mover);

        FormLogin.Page waiting = new FormLogin().toCodePage(oauth, "mover", PASSWORD);
        assertThat(waiting.messages()).contains("ask your administrator to confirm the new number");
        assertThat(waiting.body()).as("no code field").doesNotContain("name=\"code\"");
        assertThat(sipgate.sentTo(second)).as("a code to the new number alone never adopts it").isEmpty();
        assertThat(awaitEvents(events, e -> userId.equals(e.getUserId()) && "sipgate_sms_number_unconfirmed".equals(e.getError())))
            .filteredOn(e -> "sipgate_sms_number_unconfirmed".equals(e.getError())).first()
            .satisfies(e -> assertThat(e.getDetails()).containsEntry("sipgate_sms_previous_phone", masked(first)));

        // the administrator confirms: Credentials -> delete the SMS credential; the user is told where codes go now
        SMTP.clear();
        smsCredentials(userId).forEach(c -> realm.admin().users().get(userId).removeCredential(c.getId()));
        if (REMOVAL_EVENT_NAMES_TYPE) {
            assertThat(SMTP.mails()).singleElement().satisfies(mail -> assertThat(mail.data()).contains("your number for SMS codes changed")
                .contains(last4(second)));
        } else {
            assertThat(SMTP.mails()).as("26.5: the admin event of the removal names no credential type (docs/versions.md)").isEmpty();
        }
        FormLogin browser = new FormLogin();
        FormLogin.Page code = browser.toCodePage(oauth, "mover", PASSWORD);
        assertThat(code.isCodePage()).isTrue();
        assertThat(browser.submitCode(code, codeTo(second)).loggedIn()).isTrue();
        assertThat(smsCredentials(userId)).singleElement().extracting(CredentialRepresentation::getUserLabel).isEqualTo(masked(second));
    }

    @Test
    @DisplayName("an attribute holding a number another user proved: its logins spend that number's registration bucket, so the "
        + "owner's next login SMS still goes out (number cap 2)")
    void strangersNumberSpendsNoLoginBucket() {
        policy(Map.of("maxSmsPerNumberPerHour", "2"));
        String owners = freshNumber();
        newUser("owner", owners);
        FormLogin owner = new FormLogin();
        assertThat(owner.submitCode(owner.toCodePage(oauth, "owner", PASSWORD), codeTo(owners)).loggedIn()).isTrue();

        newUser("squatter", owners);
        for (int i = 0; i < 3; i++) {
            new FormLogin().toCodePage(oauth, "squatter", PASSWORD);
        }
        assertThat(sipgate.sentTo(owners)).as("the owner's login, two of the squatter's three").hasSize(3);
        FormLogin.Page ownerAgain = new FormLogin().toCodePage(oauth, "owner", PASSWORD);
        assertThat(ownerAgain.messages()).doesNotContain("Too many codes");
        assertThat(ownerAgain.isCodePage()).isTrue();
        assertThat(sipgate.sentTo(owners)).as("the owner's next login SMS").hasSize(4);
    }

    @Test
    @DisplayName("an administrator's removal of a registered number is e-mailed: no number for sign-in codes any more")
    void administratorsRemovalIsEmailed() {
        String userId = newUser("removed", null);
        String number = freshNumber();
        FormLogin browser = new FormLogin();
        FormLogin.Page phone = browser.toCodePage(oauth, "removed", PASSWORD);
        assertThat(browser.submitCode(browser.phoneSignIn(phone, number), codeTo(number)).loggedIn()).isTrue();
        SMTP.clear();
        smsCredentials(userId).forEach(c -> realm.admin().users().get(userId).removeCredential(c.getId()));
        if (!REMOVAL_EVENT_NAMES_TYPE) {
            assertThat(SMTP.mails()).as("26.5: the admin event of the removal names no credential type (docs/versions.md)").isEmpty();
            return;
        }
        assertThat(SMTP.mails()).singleElement().satisfies(mail -> {
            assertThat(mail.recipient()).isEqualTo("removed@example.org");
            assertThat(mail.data()).contains("no longer has a number for sign-in codes");
        });
    }

    private static String last4(String e164) {
        return e164.substring(e164.length() - 4);
    }
}
