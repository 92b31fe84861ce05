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
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;
import io.github.sipgatesms.keycloak.it.support.pages.RegisterPhonePage;
import io.github.sipgatesms.keycloak.testsupport.FakeSmtp;

@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("changing the number binds a new authenticator: it needs the current login and is e-mailed to the user")
class ChangeNumberIT extends SmsBrowserTest {

    private static final FakeSmtp SMTP = FakeSmtp.start();

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
    @DisplayName("an attribute number changed after it was proven (as a directory sync would): counted as a registration, so the "
        + "number's holder still gets their login SMS; a right code adopts it with an e-mail and the previous number on the event")
    void changedAttributeNumber() {
        policy(Map.of("maxSmsPerNumberPerHour", "2"));
        String first = freshNumber();
        String strangers = freshNumber();
        String userId = newUser("mover", first);
        newUser("stranger", strangers);
        FormLogin once = new FormLogin();
        assertThat(once.submitCode(once.toCodePage(oauth, "mover", PASSWORD), codeTo(first)).loggedIn()).as("the first number proven")
            .isTrue();
        SMTP.clear();

        // the directory now holds the stranger's number in the mover's attribute
        UserRepresentation mover = realm.admin().users().get(userId).toRepresentation();
        mover.getAttributes().put("phoneNumber", List.of(strangers));
        realm.admin().users().get(userId).update(mover);

        FormLogin moverBrowser = new FormLogin();
        assertThat(moverBrowser.toCodePage(oauth, "mover", PASSWORD).isCodePage()).isTrue();
        FormLogin.Page stranger = new FormLogin().toCodePage(oauth, "stranger", PASSWORD);
        assertThat(stranger.messages()).as("the stranger's login SMS is theirs").doesNotContain("Too many codes");
        FormLogin.Page code = moverBrowser.toCodePage(oauth, "mover", PASSWORD);
        assertThat(sipgate.sentTo(strangers)).as("two to the mover's new number, one login SMS of the stranger").hasSize(3);
        assertThat(SMTP.mails()).as("nothing adopted yet").isEmpty();
        assertThat(new FormLogin().toCodePage(oauth, "mover", PASSWORD).messages()).as("the new number's registration bucket of 2 is used up")
            .contains("Too many codes");

        assertThat(moverBrowser.submitCode(code, codeTo(strangers)).loggedIn()).isTrue();
        assertThat(SMTP.mails()).as("the user is told").singleElement()
            .satisfies(mail -> assertThat(mail.data()).contains("your number for SMS codes changed"));
        List<EventRepresentation> logins = awaitEvents(events, e -> userId.equals(e.getUserId()) && e.getDetails() != null
            && e.getDetails().containsKey("sipgate_sms_previous_phone"));
        assertThat(logins).filteredOn(e -> e.getDetails() != null && e.getDetails().containsKey("sipgate_sms_previous_phone"))
            .singleElement().satisfies(e -> assertThat(e.getDetails()).containsEntry("sipgate_sms_previous_phone", masked(first)));
    }
}
