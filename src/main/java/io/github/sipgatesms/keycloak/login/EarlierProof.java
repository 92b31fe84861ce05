package io.github.sipgatesms.keycloak.login;

import java.util.function.BooleanSupplier;

import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.authenticators.broker.IdpEmailVerificationAuthenticator;
import org.keycloak.broker.provider.AbstractIdentityProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.DefaultActionTokenKey;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What this login proved before the SMS step, and so what the step may do here (docs/flow.md, "Where the step runs";
 * docs/security.md). One rule: the number registration and the trusted browser act only where an earlier step of this
 * same login checked a credential - a password, a passkey or security key, an OTP, a recovery code, a certificate,
 * Kerberos, or a login at an identity provider linked to the account; never a Username Form or Choose User, which name a user without
 * proving who is there - and never in a password reset. The trusted browser, besides, only in a first authentication
 * of the browser flow: never in a re-authentication ({@code prompt=login}, an exceeded {@code max_age}), a login
 * started for a {@code kc_action} or asking for a level of authentication, or a step-up of a session this browser
 * already holds.
 */
public final class EarlierProof {

    /** Auth note values of {@link AuthenticationProcessor#CURRENT_FLOW_PATH}. */
    private static final String BROWSER = LoginActionsService.AUTHENTICATE_PATH;
    private static final String RESET = LoginActionsService.RESET_CREDENTIALS_PATH;
    private static final String FIRST_BROKER = LoginActionsService.FIRST_BROKER_LOGIN_PATH;
    private static final String POST_BROKER = LoginActionsService.POST_BROKER_LOGIN_PATH;

    private final String flowPath;
    private final boolean credentialChecked;
    private final boolean reauthentication;
    private final boolean action;
    private final BooleanSupplier liveSession;
    private Boolean live;

    private EarlierProof(String flowPath, boolean credentialChecked, boolean reauthentication, boolean action, BooleanSupplier liveSession) {
        this.flowPath = flowPath;
        this.credentialChecked = credentialChecked;
        this.reauthentication = reauthentication;
        this.action = action;
        this.liveSession = liveSession;
    }

    /** What the running login proved so far, read from its authentication session. */
    public static EarlierProof of(KeycloakSession session, AuthenticationSessionModel authSession) {
        return of(authSession, () -> AuthenticationManager.authenticateIdentityCookie(session, authSession.getRealm(), true) != null);
    }

    /** As {@link #of(KeycloakSession, AuthenticationSessionModel)}, asking {@code liveSession} (at most once) for a live SSO session. */
    public static EarlierProof of(AuthenticationSessionModel authSession, BooleanSupplier liveSession) {
        if (authSession == null) {
            return new EarlierProof(null, false, false, false, () -> true);
        }
        String path = authSession.getAuthNote(AuthenticationProcessor.CURRENT_FLOW_PATH);
        return new EarlierProof(path, checkedCredential(authSession) || brokerProof(path, authSession) || emailLink(authSession),
            AuthenticatorUtil.isForcedReauthentication(authSession) || AuthenticatorUtil.isSSOAuthentication(authSession),
            authSession.getClientNote(Constants.KC_ACTION) != null || levelRequested(authSession), liveSession);
    }

    /**
     * The client asked for a level of authentication ({@code acr_values}, the {@code acr} claim, the client's default
     * ACR values): the login must show what it proves, so a trusted browser skips nothing (the step's {@code amr} and the
     * level it completes would claim an SMS that never went out).
     */
    private static boolean levelRequested(AuthenticationSessionModel authSession) {
        return authSession.getClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION) != null;
    }

    /**
     * A credential checked by an earlier step of this login. Keycloak records each step's credential type with
     * {@code context.success(type)}, but its Username Form records {@code password} after checking the username only:
     * a password counts when Keycloak's own password check says so ({@code PASSWORD_VALIDATED}).
     */
    private static boolean checkedCredential(AuthenticationSessionModel authSession) {
        return AuthenticatorUtil.isPasswordValidated(authSession)
            || AuthenticatorUtil.getAuthnCredentials(authSession).stream().anyMatch(type -> !PasswordCredentialModel.TYPE.equals(type));
    }

    /**
     * A login at an identity provider proves this account where the account is linked to it: the post-login flow of a
     * linked account, and the first-broker-login flow only where it created the account or the user proved the link
     * (the e-mailed link of "Verify existing account by Email"; a password is a checked credential). "Automatically set
     * existing user" links by e-mail address without any check: no proof.
     */
    private static boolean brokerProof(String path, AuthenticationSessionModel authSession) {
        if (POST_BROKER.equals(path)) {
            return true;
        }
        return FIRST_BROKER.equals(path) && ("true".equals(authSession.getAuthNote(AbstractIdentityProvider.BROKER_REGISTERED_NEW_USER))
            || authSession.getAuthNote(IdpEmailVerificationAuthenticator.VERIFY_ACCOUNT_IDP_USERNAME) != null);
    }

    /**
     * The user came through a link Keycloak e-mailed to them (an action token: the reset's "Send Reset Email"): their
     * mailbox is the earlier proof.
     */
    private static boolean emailLink(AuthenticationSessionModel authSession) {
        String tokenUser = authSession.getAuthNote(DefaultActionTokenKey.ACTION_TOKEN_USER_ID);
        return tokenUser != null && authSession.getAuthenticatedUser() != null && tokenUser.equals(authSession.getAuthenticatedUser().getId());
    }

    /**
     * Nothing before the step proved who is there (a password reset by SMS alone): the step answers every account alike
     * (the purpose "reset by SMS alone").
     */
    public boolean proofless() {
        return RESET.equals(flowPath) && !credentialChecked;
    }

    /** Whether the running login is a password reset: there Choose User may leave the user unset, and the step runs anyway. */
    public static boolean resetFlow(AuthenticationSessionModel authSession) {
        return authSession != null && RESET.equals(authSession.getAuthNote(AuthenticationProcessor.CURRENT_FLOW_PATH));
    }

    /** Whether a user without a number may register one here (the registration action after this step). */
    public boolean allowsRegistration() {
        return credentialChecked && !RESET.equals(flowPath);
    }

    /** Whether a trusted browser may skip the SMS here, and the code page may offer to trust this browser. */
    public boolean allowsTrust() {
        return allowsRegistration() && BROWSER.equals(flowPath) && !reauthentication && !action && !liveSession();
    }

    /** A reset flow: the step never registers nor trusts there, whatever came before it. */
    public boolean reset() {
        return RESET.equals(flowPath);
    }

    /**
     * Whether this browser holds a live session of the realm. Behind Keycloak's Cookie step the SMS step then runs only
     * when the login re-enters that session (a step-up, a re-authentication), so it is not a first authentication; in a
     * flow without the Cookie step it is a second login beside a live one, and the SMS is asked too.
     */
    private boolean liveSession() {
        if (live == null) {
            live = liveSession.getAsBoolean();
        }
        return live;
    }
}
