package io.github.sipgatesms.keycloak;

import jakarta.ws.rs.core.Response;

import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserLoginFailureModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;

import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.limits.FailureBound;

/**
 * Checks an entered code: one path for the login step and the number registration (docs/security.md). In order: a
 * user locked by Keycloak's brute-force detection is refused unchecked; an empty entry is asked again; the per-user
 * bound of consecutive wrong codes must have room; then the code itself (single use, expiry, attempts). The exchange's
 * {@link Outcomes} writes the log line, event and metric of each result; the caller only turns it into its SPI's challenge.
 */
final class CodeCheck {

    /** What the check found, and what the code page shows for it. */
    enum Result {
        /** Right code: it is now void (single use). */
        ACCEPTED(null, true, "right"),
        /** Nothing entered. */
        MISSING(MessageKeys.CODE_MISSING, true, null),
        /** Locked out by Keycloak's brute-force detection: refused unchecked, worded like a wrong code. */
        LOCKED(MessageKeys.CODE_INVALID, true, "locked"),
        /** The bound of consecutive wrong codes is reached: refused unchecked, worded like a wrong code. */
        BOUND_REACHED(MessageKeys.CODE_INVALID, true, "locked"),
        /** Wrong code, which counts as a failed authentication. */
        WRONG(MessageKeys.CODE_INVALID, true, "wrong"),
        /** Wrong code, the last one allowed: the code is void. */
        WRONG_AND_VOID(MessageKeys.CODE_VOID, true, "wrong"),
        /** The code outlived its lifetime. */
        EXPIRED(MessageKeys.CODE_EXPIRED, true, "expired"),
        /** The code of an SMS a newer one replaced: "use the newest SMS" (not counted as a wrong code). */
        OUTDATED(MessageKeys.CODE_OUTDATED, true, "outdated"),
        /** No usable code in this session: the user must request one. */
        NO_CODE(MessageKeys.NO_ACTIVE_CODE, false, "void");

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
            return this == LOCKED || this == BOUND_REACHED || this == EXPIRED || this == OUTDATED || this == NO_CODE;
        }

        /** The result's tag in the metric of checked codes; null where nothing was checked. */
        String metric() {
            return metric;
        }

        /** The code page with this result's message, at the code input or as the page's alert. */
        Response page(CodePage page) {
            return atField ? page.codeError(messageKey) : page.error(messageKey);
        }
    }

    /** What the page says a user at the bound of consecutive wrong codes waits (docs/limits.md). */
    static final long BOUND_WAIT_MINUTES = 60;

    private CodeCheck() {
    }

    /** Accepts what people type or paste: spaces and dashes between digits are dropped. */
    static String normalize(String raw) {
        return raw == null ? "" : raw.replaceAll("[\\s-]", "");
    }

    /**
     * Why no SMS may go to the user, or null: locked by Keycloak's brute-force detection ({@link Outcomes#LOCKED_BRUTE_FORCE})
     * or at the bound of consecutive wrong codes ({@value SmsEvents#OUTCOME_FAILURE_BOUND}). Such a user's codes are refused.
     */
    static String lockedOut(KeycloakSession session, RealmModel realm, UserModel user) {
        if (bruteForceError(session, realm, user) != null) {
            return Outcomes.LOCKED_BRUTE_FORCE;
        }
        return new FailureBound(session.singleUseObjects(), realm.getId(), user.getId()).reached() ? SmsEvents.OUTCOME_FAILURE_BOUND : null;
    }

    /**
     * The minutes a lock lasts, for the page: Keycloak's temporary lockout until its end; the bound of consecutive wrong
     * codes {@value #BOUND_WAIT_MINUTES} minutes (it holds until a right code is possible again: a day after the last
     * wrong code or an administrator's reset, docs/limits.md).
     */
    static long lockMinutes(KeycloakSession session, RealmModel realm, UserModel user, String lock) {
        if (!Outcomes.LOCKED_BRUTE_FORCE.equals(lock)) {
            return BOUND_WAIT_MINUTES;
        }
        UserLoginFailureModel failures = session.loginFailures().getUserLoginFailure(realm, user.getId());
        long seconds = failures == null ? 60 : failures.getFailedLoginNotBefore() - Time.currentTime();
        return Math.max(1, (seconds + 59) / 60);
    }

    private static String bruteForceError(KeycloakSession session, RealmModel realm, UserModel user) {
        return AuthenticatorUtils.getDisabledByBruteForceEventError(session.getProvider(BruteForceProtector.class), session, realm, user);
    }

    /** Checks the entry (see the class comment); the exchange's {@link Outcomes} records the result. */
    static Result check(CodeExchange exchange, String rawEntry) {
        String bruteForceError = bruteForceError(exchange.session(), exchange.realm(), exchange.user());
        Result result = bruteForceError != null ? Result.LOCKED : checkEntry(exchange, rawEntry);
        exchange.outcomes().checked(result, bruteForceError);
        return result;
    }

    /**
     * Where no proof preceded the step: one answer for every account. A code that went to nobody ({@code decoy}: the
     * account is unknown, has no usable number or is locked) takes the same entry slots, lifetime and messages as a sent
     * one, and even a right guess of it is refused; a sent code is checked as at login, a lock found meanwhile answered
     * like a wrong code.
     */
    static Result checkAlike(CodeExchange exchange, String rawEntry, boolean decoy) {
        if (!decoy) {
            Result result = check(exchange, rawEntry);
            return result == Result.LOCKED || result == Result.BOUND_REACHED ? Result.WRONG : result;
        }
        String entered = normalize(rawEntry);
        SmsConfig config = exchange.config();
        Result result = entered.isEmpty() ? Result.MISSING
            : switch (exchange.store().verify(entered, exchange.now(), config.codeTtlSeconds(), config.maxAttempts(),
                exchange.session().singleUseObjects())) {
                case VALID, WRONG, OUTDATED -> Result.WRONG;
                case WRONG_AND_VOID -> Result.WRONG_AND_VOID;
                case EXPIRED -> Result.EXPIRED;
                default -> Result.NO_CODE;
            };
        exchange.outcomes().checked(result, null);
        return result;
    }

    private static Result checkEntry(CodeExchange exchange, String rawEntry) {
        String entered = normalize(rawEntry);
        if (entered.isEmpty()) {
            return Result.MISSING;
        }
        KeycloakSession session = exchange.session();
        FailureBound.Reservation bound = new FailureBound(session.singleUseObjects(), exchange.realm().getId(), exchange.user().getId())
            .reserve();
        if (bound == null) {
            return Result.BOUND_REACHED;
        }
        SmsConfig config = exchange.config();
        switch (exchange.store().verify(entered, exchange.now(), config.codeTtlSeconds(), config.maxAttempts(), session.singleUseObjects())) {
            case VALID:
                bound.succeeded();
                return Result.ACCEPTED;
            case WRONG:
                bound.failed();
                return Result.WRONG;
            case WRONG_AND_VOID:
                bound.failed();
                return Result.WRONG_AND_VOID;
            case EXPIRED:
                bound.notCounted();
                return Result.EXPIRED;
            case OUTDATED:
                bound.notCounted();
                return Result.OUTDATED;
            case NO_CODE:
            default:
                bound.notCounted();
                return Result.NO_CODE;
        }
    }
}
