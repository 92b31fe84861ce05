package io.github.sipgatesms.keycloak.code;

import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.credential.UserNumber;

/**
 * Whether this session proved that the user holds their current number, so another number may take its place
 * (SECURITY.md 38): a right code to it typed less than {@value #FRESH_SECONDS} seconds ago in this login or in the
 * session it belongs to, or the code of the registration's first stage ({@link Purpose#NUMBER_CHANGE}) in this action.
 * A trusted browser's skip proves nothing (it records nothing here). Held in Keycloak's notes: the authentication
 * session's, and the user session's (Keycloak copies the login's user-session notes there when it attaches the session).
 */
final class HolderProof {

    /** When a right code to the user's own number was typed (epoch seconds). */
    static final String CODE_AT = "sipgate-sms.holder.code-at";
    /** The number the registration's first stage proved, for this action only. */
    static final String CHANGE_ALLOWED = "sipgate-sms.holder.change-allowed";
    static final int FRESH_SECONDS = 300;

    private HolderProof() {
    }

    /** A right code to {@code e164}, the user's own number, was typed now. */
    static void record(Request request, Purpose purpose, String e164) {
        String now = Long.toString(request.now());
        AuthenticationSessionModel authSession = request.authSession();
        authSession.setAuthNote(CODE_AT, now);
        authSession.setUserSessionNote(CODE_AT, now);
        if (purpose.then() != null) {
            authSession.setAuthNote(CHANGE_ALLOWED, e164);
        }
    }

    /**
     * Whether the registration must first send a code to the user's current number: the user has one (usable or not; an
     * unusable one leaves the change to an administrator) and nothing above proved it.
     */
    static boolean needed(Request request, UserModel user, SmsConfig config) {
        if (user == null || !UserNumber.configured(user, config)) {
            return false;
        }
        String current = UserNumber.current(user, config);
        return !(current != null && current.equals(request.authSession().getAuthNote(CHANGE_ALLOWED))
            || fresh(request.authSession().getAuthNote(CODE_AT), request.now()) || fresh(userSessionNote(request, user), request.now()));
    }

    /** The registration is done: a next change asks again. */
    static void used(Request request) {
        request.authSession().removeAuthNote(CHANGE_ALLOWED);
        request.authSession().removeAuthNote(CODE_AT);
    }

    private static String userSessionNote(Request request, UserModel user) {
        AuthenticationSessionModel authSession = request.authSession();
        if (authSession.getParentSession() == null) {
            return null;
        }
        // Keycloak's user session of this browser has the id of its root authentication session
        UserSessionModel userSession = request.session().sessions().getUserSession(request.realm(), authSession.getParentSession().getId());
        return userSession != null && userSession.getUser() != null && user.getId().equals(userSession.getUser().getId())
            ? userSession.getNote(CODE_AT) : null;
    }

    private static boolean fresh(String codeAt, long now) {
        if (codeAt == null) {
            return false;
        }
        try {
            long age = now - Long.parseLong(codeAt);
            return age >= 0 && age < FRESH_SECONDS;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
