package io.github.sipgatesms.keycloak.code;

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
 * Checks an entered code: one path for every purpose (docs/security.md). In order: a user locked by Keycloak's
 * brute-force detection is refused unchecked; an empty entry is asked again; the user's bound of consecutive wrong codes
 * (the purpose's own bucket: strangers never fill the one logins rely on) must have room; then the code itself (single
 * use, expiry, attempts). {@link CheckOutcomes} writes the log line, event and metric of each result.
 */
final class CodeCheck {

    /** What the page says a user at the bound of consecutive wrong codes waits (docs/limits.md). */
    static final long BOUND_WAIT_MINUTES = 60;

    private final Request request;
    private final UserModel user;
    private final SmsConfig config;
    private final CodeStore store;
    private final Purpose purpose;
    private final CheckOutcomes outcomes;

    CodeCheck(Request request, UserModel user, SmsConfig config, CodeStore store, Purpose purpose, CheckOutcomes outcomes) {
        this.request = request;
        this.user = user;
        this.config = config;
        this.store = store;
        this.purpose = purpose;
        this.outcomes = outcomes;
    }

    /** Accepts what people type or paste: spaces and dashes between digits are dropped. */
    static String normalize(String raw) {
        return raw == null ? "" : raw.replaceAll("[\\s-]", "");
    }

    /** Why no SMS may go to the user and no code of theirs is checked, or null. */
    static SmsEvents.Lock lockedOut(KeycloakSession session, RealmModel realm, UserModel user, Purpose purpose) {
        if (bruteForceError(session, realm, user) != null) {
            return SmsEvents.Lock.BRUTE_FORCE;
        }
        return bound(session, realm, user, purpose).reached() ? SmsEvents.Lock.FAILURE_BOUND : null;
    }

    /**
     * The minutes a lock lasts, for the page: Keycloak's temporary lockout until its end; the bound of consecutive wrong
     * codes {@value #BOUND_WAIT_MINUTES} minutes (it holds until a day after the last wrong code or an administrator's
     * reset, docs/limits.md).
     */
    static long lockMinutes(KeycloakSession session, RealmModel realm, UserModel user, SmsEvents.Lock lock) {
        if (lock != SmsEvents.Lock.BRUTE_FORCE) {
            return BOUND_WAIT_MINUTES;
        }
        UserLoginFailureModel failures = session.loginFailures().getUserLoginFailure(realm, user.getId());
        long seconds = failures == null ? 60 : failures.getFailedLoginNotBefore() - Time.currentTime();
        return Math.max(1, (seconds + 59) / 60);
    }

    private static String bruteForceError(KeycloakSession session, RealmModel realm, UserModel user) {
        return AuthenticatorUtils.getDisabledByBruteForceEventError(session.getProvider(BruteForceProtector.class), session, realm, user);
    }

    private static FailureBound bound(KeycloakSession session, RealmModel realm, UserModel user, Purpose purpose) {
        return new FailureBound(session.singleUseObjects(), realm.getId(), user.getId(), purpose.bucket());
    }

    /** Checks the entry of a code that went to the user (see the class comment). */
    CheckResult check(String rawEntry) {
        String bruteForceError = bruteForceError(request.session(), request.realm(), user);
        CheckResult result = bruteForceError != null ? CheckResult.LOCKED : checkEntry(rawEntry);
        outcomes.checked(result, bruteForceError);
        return result;
    }

    /**
     * Where no proof preceded the code: one answer for every account. A code that went to nobody ({@code decoy}: the
     * account is unknown, has no usable number or is locked) takes the same entry slots, lifetime and messages as a sent
     * one, and even a right guess of it is refused; a sent code is checked as above, a lock found meanwhile answered like
     * a wrong code.
     */
    CheckResult checkAlike(String rawEntry, boolean decoy) {
        if (!decoy) {
            CheckResult result = check(rawEntry);
            return result == CheckResult.LOCKED || result == CheckResult.BOUND_REACHED ? CheckResult.WRONG : result;
        }
        String entered = normalize(rawEntry);
        CheckResult result = entered.isEmpty() ? CheckResult.MISSING : switch (verify(entered)) {
            case VALID, WRONG, OUTDATED -> CheckResult.WRONG;
            case WRONG_AND_VOID -> CheckResult.WRONG_AND_VOID;
            case EXPIRED -> CheckResult.EXPIRED;
            default -> CheckResult.NO_CODE;
        };
        outcomes.checked(result, null);
        return result;
    }

    private CheckResult checkEntry(String rawEntry) {
        String entered = normalize(rawEntry);
        if (entered.isEmpty()) {
            return CheckResult.MISSING;
        }
        FailureBound.Reservation bound = bound(request.session(), request.realm(), user, purpose).reserve();
        if (bound == null) {
            return CheckResult.BOUND_REACHED;
        }
        Entry entry = verify(entered);
        switch (entry) {
            case VALID -> bound.succeeded();
            case WRONG, WRONG_AND_VOID -> bound.failed();
            default -> bound.notCounted();
        }
        return switch (entry) {
            case VALID -> CheckResult.ACCEPTED;
            case WRONG -> CheckResult.WRONG;
            case WRONG_AND_VOID -> CheckResult.WRONG_AND_VOID;
            case EXPIRED -> CheckResult.EXPIRED;
            case OUTDATED -> CheckResult.OUTDATED;
            default -> CheckResult.NO_CODE;
        };
    }

    private Entry verify(String entered) {
        return store.verify(entered, request.now(), config.codeTtlSeconds(), config.maxAttempts(), request.session().singleUseObjects());
    }
}
