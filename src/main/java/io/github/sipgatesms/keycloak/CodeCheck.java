package io.github.sipgatesms.keycloak;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;

import io.github.sipgatesms.keycloak.code.CodeStore;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.limits.FailureBound;
import io.github.sipgatesms.keycloak.limits.SendLimits;

/**
 * Checks an entered code: one path for the login step and the number registration (docs/security.md). In order: a
 * user locked by Keycloak's brute-force detection is refused unchecked; an empty entry is asked again; the per-user
 * bound of consecutive wrong codes must have room; then the code itself (single use, expiry, attempts). Events and
 * log lines are written here; the caller only turns the result into its SPI's challenge.
 */
final class CodeCheck {

    private static final Logger LOG = Logger.getLogger(CodeCheck.class);
    /** Metric tag of an SMS refused because Keycloak's brute-force detection locked the user. */
    private static final String LOCKED_BRUTE_FORCE = "brute_force";

    /** What the check found, and what the code page shows for it. */
    enum Result {
        /** Right code: it is now void (single use). */
        ACCEPTED(null, true, "right"),
        /** Nothing entered. */
        MISSING(Messages.CODE_MISSING, true, null),
        /** Locked out (brute force or the failure bound): refused unchecked, worded like a wrong code. */
        REFUSED(Messages.CODE_INVALID, true, "locked"),
        /** Wrong code, which counts as a failed authentication. */
        WRONG(Messages.CODE_INVALID, true, "wrong"),
        /** Wrong code, the last one allowed: the code is void. */
        WRONG_AND_VOID(Messages.CODE_VOID, true, "wrong"),
        /** The code outlived its lifetime. */
        EXPIRED(Messages.CODE_EXPIRED, true, "expired"),
        /** No usable code in this session: the user must request one. */
        NO_CODE(Messages.NO_ACTIVE_CODE, false, "void");

        private final String messageKey;
        private final boolean atField;
        /** The result's tag in the metric of checked codes; null: nothing was checked. */
        private final String metric;

        Result(String messageKey, boolean atField, String metric) {
            this.messageKey = messageKey;
            this.atField = atField;
            this.metric = metric;
        }

        /** A wrong code (counted by brute-force detection where the SPI allows it). */
        boolean wrong() {
            return this == WRONG || this == WRONG_AND_VOID;
        }

        /** Shown even where an alternative execution could take over (Keycloak's forceChallenge). */
        boolean forced() {
            return this == REFUSED || this == EXPIRED || this == NO_CODE;
        }

        /** The code page with this result's message, at the code input or as the page's alert. */
        Response page(CodePage page) {
            return atField ? page.codeError(messageKey) : page.error(messageKey);
        }
    }

    private CodeCheck() {
    }

    /** Accepts what people type or paste: spaces and dashes between digits are dropped. */
    static String normalize(String raw) {
        return raw == null ? "" : raw.replaceAll("[\\s-]", "");
    }

    /**
     * Locked out by Keycloak's brute-force detection or the failure bound: no SMS is sent (counted as a refusal), and
     * every code is refused.
     */
    static boolean refusesSms(KeycloakSession session, RealmModel realm, UserModel user, SendLimits.Purpose purpose) {
        String limit = bruteForceError(session, realm, user) != null ? LOCKED_BRUTE_FORCE
            : new FailureBound(session.singleUseObjects(), realm.getId(), user.getId()).reached() ? SmsEvents.OUTCOME_FAILURE_BOUND : null;
        if (limit != null) {
            SmsAuthenticatorFactory.metrics(session).refused(realm, purpose, limit);
        }
        return limit != null;
    }

    private static String bruteForceError(KeycloakSession session, RealmModel realm, UserModel user) {
        return AuthenticatorUtils.getDisabledByBruteForceEventError(session.getProvider(BruteForceProtector.class), session, realm, user);
    }

    /** Checks the entry (see the class comment) and counts the result in the metric of checked codes. */
    static Result check(KeycloakSession session, RealmModel realm, UserModel user, EventBuilder event, CodeStore store,
                        SmsConfig config, String rawEntry, long now, SendLimits.Purpose purpose) {
        Result result = checkEntry(session, realm, user, event, store, config, rawEntry, now);
        if (result.metric != null) {
            SmsAuthenticatorFactory.metrics(session).checked(realm, purpose, result.metric);
        }
        return result;
    }

    private static Result checkEntry(KeycloakSession session, RealmModel realm, UserModel user, EventBuilder event, CodeStore store,
                                     SmsConfig config, String rawEntry, long now) {
        String bruteForceError = bruteForceError(session, realm, user);
        if (bruteForceError != null) {
            event.user(user).error(bruteForceError);
            return Result.REFUSED;
        }
        String entered = normalize(rawEntry);
        if (entered.isEmpty()) {
            return Result.MISSING;
        }
        FailureBound.Reservation bound = new FailureBound(session.singleUseObjects(), realm.getId(), user.getId()).reserve();
        if (bound == null) {
            LOG.warnf("sipgate-sms: user '%s' in realm '%s' reached %d consecutive wrong codes; codes are refused for 24 hours "
                + "after the last one. To lift it once the user is verified: DELETE /admin/realms/%s/sipgate-sms/wrong-code-bound/users/%s "
                + "(manage-users), or Keycloak's unlock of the user when brute-force detection is on.",
                user.getId(), realm.getName(), FailureBound.MAX_CONSECUTIVE_FAILURES, realm.getName(), user.getId());
            event.user(user).detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_FAILURE_BOUND).error(SmsEvents.ERROR_FAILURE_BOUND);
            return Result.REFUSED;
        }
        switch (store.verify(entered, now, config.codeTtlSeconds(), config.maxAttempts(), session.singleUseObjects())) {
            case VALID:
                bound.succeeded();
                return Result.ACCEPTED;
            case WRONG:
                bound.failed();
                event.user(user).error(Errors.INVALID_USER_CREDENTIALS);
                return Result.WRONG;
            case WRONG_AND_VOID:
                bound.failed();
                event.user(user).error(Errors.INVALID_USER_CREDENTIALS);
                return Result.WRONG_AND_VOID;
            case EXPIRED:
                bound.notCounted();
                event.user(user).error(Errors.EXPIRED_CODE);
                return Result.EXPIRED;
            case NO_CODE:
            default:
                bound.notCounted();
                return Result.NO_CODE;
        }
    }
}
