package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.InjectUser;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.ManagedUser;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.UserBuilder;
import org.keycloak.testframework.realm.UserConfig;
import org.openqa.selenium.By;

import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;
import io.github.sipgatesms.keycloak.testsupport.UsedSecrets;

@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("as an ALTERNATIVE beside Keycloak's OTP form")
class TryAnotherWayIT extends SmsBrowserTest {

    /** Password, then a REQUIRED sub-flow where the user chooses: SMS code (first) or authenticator app. */
    static final String BOB_PHONE = "+4915199990000";

    /** Bob registered his number (credential sipgate-sms, imported with the realm) and has an authenticator app. */
    static CredentialRepresentation bobsNumber() {
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType("sipgate-sms");
        credential.setUserLabel("+49 ••• ••• 0000");
        credential.setCredentialData("{\"phoneNumber\":\"" + BOB_PHONE + "\"}");
        credential.setSecretData("{}");
        credential.setCreatedDate(System.currentTimeMillis());
        return credential;
    }

    public static class AlternativesRealm extends SmsRealmConfig {
        @Override
        protected RealmBuilder realmSettings(RealmBuilder realm) {
            realm.users(UserBuilder.create("bob").password("bob-pw").email("bob@example.org")
                .name("Bob", "Registered").emailVerified(true).totpSecret("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").credential(bobsNumber()));
            return realm.update(rep -> {
                AuthenticationFlowRepresentation top = rep.getAuthenticationFlows().get(0);
                AuthenticationExecutionExportRepresentation sms = top.getAuthenticationExecutions().get(1);
                sms.setRequirement("ALTERNATIVE");
                sms.setPriority(10);

                AuthenticationExecutionExportRepresentation otp = new AuthenticationExecutionExportRepresentation();
                otp.setAuthenticator("auth-otp-form");
                otp.setRequirement("ALTERNATIVE");
                otp.setPriority(20);
                otp.setAuthenticatorFlow(false);

                AuthenticationFlowRepresentation second = new AuthenticationFlowRepresentation();
                second.setAlias("second-factor");
                second.setProviderId("basic-flow");
                second.setTopLevel(false);
                second.setBuiltIn(false);
                second.setAuthenticationExecutions(new ArrayList<>(List.of(sms, otp)));

                AuthenticationExecutionExportRepresentation subFlow = new AuthenticationExecutionExportRepresentation();
                subFlow.setFlowAlias("second-factor");
                subFlow.setRequirement("REQUIRED");
                subFlow.setPriority(20);
                subFlow.setAuthenticatorFlow(true);
                top.setAuthenticationExecutions(new ArrayList<>(List.of(top.getAuthenticationExecutions().get(0), subFlow)));

                List<AuthenticationFlowRepresentation> flows = new ArrayList<>(rep.getAuthenticationFlows());
                flows.add(second);
                rep.setAuthenticationFlows(flows);
            });
        }
    }

    public static class AliceWithTotp implements UserConfig {
        @Override
        public UserBuilder configure(UserBuilder user) {
            return new SmsLoginIT.Alice().configure(user).totpSecret("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        }
    }

    @InjectRealm(config = AlternativesRealm.class)
    ManagedRealm realm;

    @InjectUser(config = AliceWithTotp.class, ref = "alice")
    ManagedUser alice;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @Test
    @DisplayName("'try another way' lists the step as 'SMS code' with its help text; coming back to it voids the code and sends nothing")
    void tryAnotherWayAndBack() {
        policy(Map.of("resendCooldownSeconds", "30"));
        passwordStep("alice", "alice-pw");
        // Keycloak offers the user's stored credential (the authenticator app) first
        waitFor(d -> d.getPageSource().contains("login-login-otp"));
        assertThat(sipgate.sent()).isEmpty();

        chooseSmsCode();
        assertThat(sipgate.sent()).hasSize(1);
        assertThat(codePage.instruction()).contains("We sent");
        String code = lastCode();

        chooseSmsCode();
        assertThat(sipgate.sent()).as("coming back never sends by itself").hasSize(1);
        assertThat(codePage.instruction()).contains("Request a code");

        codePage.submitCode(code);
        codePage.assertCurrent();
        assertThat(codePage.alert()).contains("no valid code");
        assertThat(driver.getCurrentUrl()).doesNotContain("code=");

        codePage.resend();
        codePage.assertCurrent();
        assertThat(codePage.resendHint()).contains("Please wait");
    }

    @Test
    @DisplayName("a user with a registered number (no attribute) and an authenticator app switches to SMS and logs in")
    void registeredUserSwitches() {
        passwordStep("bob", "bob-pw");
        waitFor(d -> d.getPageSource().contains("login-login-otp"));
        chooseSmsCode();
        assertThat(sipgate.sentTo(BOB_PHONE)).hasSize(1);
        assertThat(codePage.instruction()).contains("+49 ••• ••• 0000");
        codePage.submitCode(sipgate.lastTo(BOB_PHONE).orElseThrow().code());
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();
    }

    @Test
    @DisplayName("a provisioned landline beside an authenticator app: 'number unusable' with 'try another way' back to the app")
    void unusableNumberOffersAnotherWay() {
        realm.addUser(UserBuilder.create("carol").password(PASSWORD).email("carol@example.org")
            .name("Carol", "Landline").emailVerified(true).attribute("phoneNumber", landline("+49 30 12345678"))
            .totpSecret("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"));
        passwordStep("carol", PASSWORD);
        waitFor(d -> d.getPageSource().contains("login-login-otp"));
        chooseSmsCode();
        assertThat(codePage.alert()).contains("cannot receive SMS codes");
        assertThat(codePage.hasCodeInput()).isFalse();
        assertThat(sipgate.requests()).isEmpty();

        driver.findElement(By.id("try-another-way")).click();
        waitFor(d -> d.getPageSource().contains("Enter a code sent by text message to your mobile phone."));
        assertThat(driver.driver().findElements(By.id("phone"))).as("no registration offered").isEmpty();
    }

    private void chooseSmsCode() {
        driver.findElement(By.id("try-another-way")).click();
        waitFor(d -> d.getPageSource().contains("Enter a code sent by text message to your mobile phone."));
        // the clickable entry (role="button" from 26.7 on; a plain div with onclick on 26.5)
        driver.findElement(By.xpath("//h2[normalize-space()='SMS code']/ancestor::div[@onclick]")).click();
        codePage.assertCurrent();
    }

    @Test
    @DisplayName("a failed send where the flow offers another way: the page says so, beside Keycloak's 'Try another way'")
    void sendFailureSuggestsAnotherWay() {
        sipgate.failWith(500);
        passwordStep("alice", "alice-pw");
        waitFor(d -> d.getPageSource().contains("login-login-otp"));
        chooseSmsCode();
        assertThat(codePage.alert()).contains("could not be sent");
        assertThat(driver.findElement(By.id("sipgate-sms-other-way")).getText()).isEqualTo("You can also choose another way to sign in.");
        assertThat(driver.findElement(By.id("try-another-way")).isDisplayed()).isTrue();
    }

    private static String landline(String number) {
        UsedSecrets.number(number);
        return number;
    }
}
