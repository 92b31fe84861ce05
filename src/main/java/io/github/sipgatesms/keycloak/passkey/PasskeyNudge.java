package io.github.sipgatesms.keycloak.passkey;

import java.util.function.Predicate;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The passkey offer after an SMS login (DESIGN.md "Passkey nudge", policy key {@code passkeyNudgeDays}): SMS is a
 * restricted authenticator (NIST SP 800-63B), so after a login in which the user typed an SMS code, a user without a
 * passkey, in a realm whose users may register one, gets one page offering Keycloak's own passkey registration. It is a
 * required action of that login only ({@value #ACTION}, added to the authentication session, never to the user). The
 * answer lives in one user attribute ({@value #ANSWER_ATTRIBUTE}): {@code never}, or {@code later:<epoch seconds>} after
 * "Not now" and "Add" (a passkey added ends the offers by itself; an abandoned registration waits the days).
 */
public final class PasskeyNudge {

    /** The required action of the offer. */
    public static final String ACTION = "sipgate-sms-passkey-nudge";
    /** Keycloak's passkey registration (Keycloak 26.4+). */
    public static final String PASSKEY_ACTION = "webauthn-register-passwordless";
    /** The user's answer (a user attribute, like the phone index: kept when the user is saved, not shown). */
    public static final String ANSWER_ATTRIBUTE = "sipgate-sms-passkey-nudge";
    /** Form buttons of the page and the metric's answers. */
    public static final String ADD = "add";
    public static final String LATER = "later";
    public static final String NEVER = "never";
    private static final Logger LOG = Logger.getLogger(PasskeyNudge.class);
    private static final long DAY_SECONDS = 86_400L;

    private PasskeyNudge() {
    }

    /**
     * After a typed right code of a login (never a trusted browser's skip, phone sign-in or a reset: the caller's
     * purpose decides): adds the offer to this login where {@code days} is above 0, the user has no passkey, did not
     * answer {@code never} nor {@code later} less than {@code days} ago, and the realm enables both required actions.
     * {@code firstTime} says whether the node names a key for the first time (one WARN per realm and node).
     */
    public static boolean offerIfDue(RealmModel realm, UserModel user, AuthenticationSessionModel authSession, int days,
                                     Predicate<String> firstTime) {
        if (days <= 0 || user == null || !due(user.getFirstAttribute(ANSWER_ATTRIBUTE), days, Time.currentTime()) || hasPasskey(user)) {
            return false;
        }
        if (!enabled(realm, PASSKEY_ACTION) || !enabled(realm, ACTION)) {
            if (firstTime.test("passkey-nudge/" + realm.getId())) {
                LOG.warnf("sipgate-sms: passkeyNudgeDays is %d in realm '%s', but no passkey is offered: enable the required actions "
                    + "'Offer a passkey after an SMS login' (%s) and 'Webauthn Register Passwordless' (%s) under Authentication -> "
                    + "Required actions, or set passkeyNudgeDays to 0.", days, realm.getName(), ACTION, PASSKEY_ACTION);
            }
            return false;
        }
        authSession.addRequiredAction(ACTION);
        return true;
    }

    /** Whether an answer stored at some time lets the offer show now. */
    static boolean due(String answer, int days, long now) {
        if (answer == null || answer.isBlank()) {
            return true;
        }
        if (!answer.startsWith(LATER + ":")) {
            return false; // never, or a value this release does not know: ask nobody rather than everybody
        }
        try {
            return now >= Long.parseLong(answer.substring(LATER.length() + 1)) + days * DAY_SECONDS;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Records the answer: {@code never} for good; {@code later} and {@code add} as the time of asking. {@code add} also puts
     * Keycloak's passkey registration next in this login.
     */
    public static void answered(UserModel user, AuthenticationSessionModel authSession, String answer) {
        user.setSingleAttribute(ANSWER_ATTRIBUTE, NEVER.equals(answer) ? NEVER : LATER + ":" + Time.currentTime());
        if (ADD.equals(answer)) {
            authSession.addRequiredAction(PASSKEY_ACTION);
        }
    }

    private static boolean hasPasskey(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(WebAuthnCredentialModel.TYPE_PASSWORDLESS).findAny().isPresent();
    }

    private static boolean enabled(RealmModel realm, String action) {
        RequiredActionProviderModel model = realm.getRequiredActionProviderByAlias(action);
        return model != null && model.isEnabled();
    }
}
