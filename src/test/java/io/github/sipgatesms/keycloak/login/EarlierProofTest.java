package io.github.sipgatesms.keycloak.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.authenticators.broker.IdpEmailVerificationAuthenticator;
import org.keycloak.broker.provider.AbstractIdentityProvider;
import org.keycloak.models.Constants;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.github.sipgatesms.keycloak.testsupport.AuthSessions;

/**
 * The rule of what the step may do after what came before it in the same login, with the auth notes Keycloak's own
 * steps leave (the real {@link AuthenticatorUtil#addAuthCredential} of {@code context.success(type)}).
 */
@DisplayName("the registration and the trusted browser only after a credential checked in this login")
class EarlierProofTest {

    private final AuthenticationSessionModel authSession = AuthSessions.create("root", "tab");
    private final AtomicInteger sessionChecks = new AtomicInteger();
    private boolean liveSession;

    private EarlierProof proof() {
        BooleanSupplier live = () -> {
            sessionChecks.incrementAndGet();
            return liveSession;
        };
        return EarlierProof.of(authSession, live);
    }

    private EarlierProofTest flow(String path) {
        authSession.setAuthNote(AuthenticationProcessor.CURRENT_FLOW_PATH, path);
        return this;
    }

    /** What Keycloak's Username Password Form (and Password Form) leave after a right password. */
    private EarlierProofTest passwordChecked() {
        authSession.setAuthNote(AuthenticationManager.PASSWORD_VALIDATED, "true");
        AuthenticatorUtil.addAuthCredential(authSession, "password");
        return this;
    }

    private EarlierProofTest succeeded(String credentialType) {
        AuthenticatorUtil.addAuthCredential(authSession, credentialType);
        return this;
    }

    private void assertAllows(boolean registration, boolean trust) {
        EarlierProof proof = proof();
        assertThat(proof.allowsRegistration()).as("registration").isEqualTo(registration);
        assertThat(proof.allowsTrust()).as("trusted browser").isEqualTo(trust);
    }

    @Nested
    @DisplayName("in a first authentication of the browser flow")
    class BrowserFlow {

        @Test
        @DisplayName("after a password: registration and trusted browser")
        void password() {
            flow("authenticate").passwordChecked();
            assertAllows(true, true);
        }

        @Test
        @DisplayName("after a passkey (no password): registration and trusted browser")
        void passkey() {
            flow("authenticate").succeeded("webauthn-passwordless");
            assertAllows(true, true);
        }

        @Test
        @DisplayName("after Keycloak's OTP form behind a Username Form: registration and trusted browser")
        void otp() {
            // the Username Form records "password" without checking one; the OTP form then checks a code
            flow("authenticate").succeeded("password").succeeded("otp");
            assertAllows(true, true);
        }

        @Test
        @DisplayName("after a Username Form alone (it records 'password' without checking one): neither")
        void usernameFormOnly() {
            flow("authenticate").succeeded("password");
            assertAllows(false, false);
            assertThat(sessionChecks).as("nothing else is asked once the rule says no").hasValue(0);
        }

        @Test
        @DisplayName("with nothing before the step: neither")
        void nothing() {
            flow("authenticate");
            assertAllows(false, false);
        }

        @Test
        @DisplayName("the live-session check runs once per request, and only where everything else allows trust")
        void liveSessionAskedOnce() {
            flow("authenticate").passwordChecked();
            EarlierProof proof = proof();
            assertThat(proof.allowsTrust()).isTrue();
            assertThat(proof.allowsTrust()).isTrue();
            assertThat(sessionChecks).hasValue(1);
        }
    }

    @Nested
    @DisplayName("where the login is not a first authentication of the browser flow")
    class NotFirst {

        @Test
        @DisplayName("reset flow after Choose User alone: neither")
        void chooseUserOnly() {
            flow("reset-credentials");
            assertAllows(false, false);
        }

        @Test
        @DisplayName("reset flow, whatever came before the step: neither (a reset never binds a phone)")
        void resetAfterAProof() {
            flow("reset-credentials").succeeded("otp");
            assertAllows(false, false);
        }

        @Test
        @DisplayName("a login at an identity provider counts where it proves the account: a linked account's post login flow, a first "
            + "broker login that created the account or whose link the user proved; registration, no trusted browser")
        void identityProvider() {
            flow("post-broker-login");
            assertAllows(true, false);
            flow("first-broker-login");
            authSession.setAuthNote(AbstractIdentityProvider.BROKER_REGISTERED_NEW_USER, "true");
            assertAllows(true, false);
            authSession.removeAuthNote(AbstractIdentityProvider.BROKER_REGISTERED_NEW_USER);
            authSession.setAuthNote(IdpEmailVerificationAuthenticator.VERIFY_ACCOUNT_IDP_USERNAME, "idp-user");
            assertAllows(true, false);
        }

        @Test
        @DisplayName("a first broker login that linked an existing account without a check ('Automatically set existing user'): no proof")
        void autoLinkedIsNoProof() {
            flow("first-broker-login");
            assertAllows(false, false);
            passwordChecked();
            assertAllows(true, false);
        }

        @Test
        @DisplayName("re-authentication (prompt=login, exceeded max_age) after the password: registration, no trusted browser")
        void reauthentication() {
            flow("authenticate").passwordChecked();
            authSession.setAuthNote(AuthenticationManager.FORCED_REAUTHENTICATION, "true");
            assertAllows(true, false);
        }

        @Test
        @DisplayName("a login started for a kc_action (changing the number): no trusted browser")
        void kcAction() {
            flow("authenticate").passwordChecked();
            when(authSession.getClientNote(Constants.KC_ACTION)).thenReturn("sipgate-sms-register-phone");
            assertAllows(true, false);
        }

        @Test
        @DisplayName("a login asking for a level of authentication (acr_values, acr claim, default ACR): no trusted browser, so the "
            + "step's amr and level always mean an SMS went out")
        void levelRequested() {
            flow("authenticate").passwordChecked();
            assertAllows(true, true);
            when(authSession.getClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION)).thenReturn("2");
            assertAllows(true, false);
        }

        @Test
        @DisplayName("step-up of a live session, the user set by the cookie and nothing checked in this login: neither")
        void stepUp() {
            liveSession = true;
            flow("authenticate");
            assertAllows(false, false);
        }

        @Test
        @DisplayName("step-up of a live session with an OTP checked in this login: registration, no trusted browser")
        void stepUpAfterOtp() {
            liveSession = true;
            flow("authenticate").succeeded("otp");
            assertAllows(true, false);
        }

        @Test
        @DisplayName("no authentication session at all: neither")
        void none() {
            EarlierProof proof = EarlierProof.of(null, () -> false);
            assertThat(proof.allowsRegistration()).isFalse();
            assertThat(proof.allowsTrust()).isFalse();
        }
    }
}
