package io.github.sipgatesms.keycloak;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;

import io.github.sipgatesms.keycloak.code.Answer;
import io.github.sipgatesms.keycloak.code.Codes;
import io.github.sipgatesms.keycloak.credential.SmsCredentialProvider;
import io.github.sipgatesms.keycloak.credential.UserNumber;

/**
 * The SMS step ({@code sipgate-sms}), in the shape of Keycloak's {@code OTPFormAuthenticator}: it asks the request's
 * code exchange and turns its one answer into one Keycloak call. What the step does here - a login, a reset after the
 * e-mailed link, a reset by SMS alone - is the exchange's purpose, decided from the running login.
 */
final class SmsAuthenticator implements Authenticator {

    private final Codes codes;
    /** False where nothing before the step proved who is there: Choose User leaves unknown accounts unset, and the step runs alike. */
    private final boolean requiresUser;

    SmsAuthenticator(Codes codes, boolean requiresUser) {
        this.codes = codes;
        this.requiresUser = requiresUser;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        answer(context, codes.step(context).start());
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        answer(context, codes.step(context).act());
    }

    /** One Keycloak call per answer; a wrong code counts for Keycloak's brute-force detection (category otp). */
    static void answer(AuthenticationFlowContext context, Answer answer) {
        switch (answer.kind()) {
            case FAILURE -> context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, answer.page());
            case FORCE -> context.forceChallenge(answer.page());
            case PASSED -> context.success();
            case SUCCESS -> {
                if (context.getUser() == null) {
                    context.setUser(answer.user());
                }
                // OTP type: Keycloak then clears the user's OTP brute-force failure count
                context.success(OTPCredentialModel.TYPE);
            }
            default -> context.challenge(answer.page());
        }
    }

    @Override
    public boolean requiresUser() {
        return requiresUser;
    }

    /**
     * Like Keycloak's OTP form: configured when the user has a number (registered or in the phone attribute, usable or
     * not). Where the login allows no registration, a user without one counts as configured too, so the step shows
     * "no number"; a condition ("Condition - user configured") still gets the plain answer. Where nothing before the
     * step proved who is there, every account is (no user too, SECURITY.md 40): a condition cannot turn the step off for
     * the accounts without a number, which would lead a username alone to the new-password form.
     */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        if (!requiresUser) {
            return true;
        }
        return user != null && (UserNumber.configured(user, codes.settings().forRealm(session, realm)) || codes.withholdsRegistration(session));
    }

    @Override
    public boolean areRequiredActionsEnabled(KeycloakSession session, RealmModel realm) {
        RequiredActionProviderModel action = realm.getRequiredActionProviderByAlias(SmsCredentialProvider.REGISTER_ACTION);
        return action != null && action.isEnabled();
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        if (requiresUser && areRequiredActionsEnabled(session, realm)) {
            user.addRequiredAction(SmsCredentialProvider.REGISTER_ACTION);
        }
    }

    @Override
    public void close() {
        // nothing held per request
    }
}
