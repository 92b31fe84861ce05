package io.github.sipgatesms.keycloak;

import java.util.Locale;

import org.jboss.logging.Logger;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.github.sipgatesms.keycloak.limits.FailureBound;
import io.github.sipgatesms.keycloak.limits.SendLimits;
import io.github.sipgatesms.keycloak.metrics.SmsMetrics;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;
import io.github.sipgatesms.keycloak.sms.SmsSendException;

/**
 * What happened in one code exchange, recorded once: for each outcome one call writes the log line, the event details
 * and the metric, with one name per fact (an SMS sipgate took is {@value SmsEvents#OUTCOME_SENT} in the event and in the
 * metric). Made per request with the node's meters handed in, so a unit test sees every metric an outcome writes.
 * Log lines and events hold masked numbers only: never a code, a token or a full number.
 */
final class Outcomes {

    private static final Logger LOG = Logger.getLogger(Outcomes.class);
    /** Metric tag of an SMS refused because Keycloak's brute-force detection locked the user. */
    static final String LOCKED_BRUTE_FORCE = "brute_force";

    private final SmsMetrics metrics;
    private final RealmModel realm;
    private final UserModel user;
    private final EventBuilder event;
    private final SendLimits.Purpose purpose;

    Outcomes(SmsMetrics metrics, RealmModel realm, UserModel user, EventBuilder event, SendLimits.Purpose purpose) {
        this.metrics = metrics;
        this.realm = realm;
        this.user = user;
        this.event = event;
        this.purpose = purpose;
    }

    /** No SMS: the user is locked ({@link #LOCKED_BRUTE_FORCE} or {@value SmsEvents#OUTCOME_FAILURE_BOUND}). */
    void locked(String why, String masked) {
        LOG.debugf("sipgate-sms: no SMS for user '%s' to %s: the user is locked out (%s)", user.getId(), masked, why);
        metrics.refused(realm, purpose, why);
    }

    /** No SMS: a send limit refused it (the cooldown at DEBUG, an hourly cap as a WARN about SMS pumping). */
    void limited(SendLimits.Decision limits, String masked) {
        if (limits.cooldownOnly()) {
            LOG.debugf("sipgate-sms: no SMS for user '%s' to %s: cooldown, %d s left", user.getId(), masked, limits.waitSeconds());
        } else {
            LOG.warnf("sipgate-sms: no SMS for user '%s' to %s in realm '%s': limit %s reached, next SMS possible in %d s. "
                + "Many of these may mean SMS pumping; raise the max-SMS settings only if the traffic is legitimate.",
                user.getId(), masked, realm.getName(), limits.eventValue(), limits.waitSeconds());
        }
        metrics.refused(realm, purpose, limits.refused().iterator().next().eventValue());
        event.user(user).detail(SmsEvents.PHONE, masked).detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_LIMIT)
            .detail(SmsEvents.LIMIT, limits.eventValue()).error(SmsEvents.ERROR_LIMIT);
    }

    /**
     * Where no proof preceded the step, the client address reached its cap: a WARN (the address stays in Keycloak's event,
     * not in the log), the metric and the event.
     */
    void addressLimited(SendLimits.Decision limits) {
        LOG.warnf("sipgate-sms: a client address reached maxSmsPerAddressPerHour in realm '%s' (password reset by SMS or phone "
            + "sign-in); no code requests from it for %d s. Many of these may mean someone is probing accounts or pumping SMS; "
            + "the event's IP address names the client.", realm.getName(), limits.waitSeconds());
        metrics.refused(realm, purpose, limits.eventValue());
        event.clone().user(user).detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_LIMIT).detail(SmsEvents.LIMIT, limits.eventValue())
            .error(SmsEvents.ERROR_LIMIT);
    }

    /** A granted SMS: the realm budget's gauge, and at the first SMS of an hour to reach 80 % a WARN and an event. */
    void granted(SendLimits.Decision limits) {
        metrics.budget(realm, limits::realmUsed, limits.realmBudget());
        if (!limits.budgetWarning()) {
            return;
        }
        LOG.warnf("sipgate-sms: realm '%s' used %d of its %d SMS per hour (maxSmsPerRealmPerHour). If this traffic is not "
            + "expected, look for SMS pumping (many numbers, one country, few completed logins); raise the budget only if it is "
            + "legitimate. Further SMS are refused once the budget is used.", realm.getName(), limits.realmUsed(), limits.realmBudget());
        event.clone().user(user).detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_BUDGET_WARNING)
            .detail(SmsEvents.BUDGET, limits.realmUsed() + "/" + limits.realmBudget()).error(SmsEvents.ERROR_BUDGET_WARNING);
    }

    /** sipgate took the SMS: its request time, the count and the segments it bills. */
    void sent(String masked, long nanos, SmsText.Segments segments) {
        LOG.debugf("sipgate-sms: code SMS sent to %s for user '%s'", masked, user.getId());
        metrics.requestDuration(realm, purpose, nanos);
        metrics.sent(realm, purpose, SmsEvents.OUTCOME_SENT);
        metrics.segments(realm, purpose, segments.encoding(), segments.count());
    }

    /** The SMS did not go out; {@code nanos} is the request's time, or negative where no request was made. */
    void notSent(String masked, SmsSendException e, long nanos) {
        notSentLater(masked, e, nanos);
        event.user(user).detail(SmsEvents.PHONE, masked).detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_SIPGATE_ERROR)
            .detail(SmsEvents.STATUS, Integer.toString(e.status())).error(e.reason().eventError());
    }

    /**
     * An SMS sent after the answer did not go out: the log and the metric only (the request's event is written already).
     * {@code nanos} is the request's time, or negative where no request was made.
     */
    void notSentLater(String masked, SmsSendException e, long nanos) {
        LOG.warnf("sipgate-sms: SMS for user '%s' to %s in realm '%s' not sent: %s", user.getId(), masked, realm.getName(), e.getMessage());
        if (nanos >= 0) {
            metrics.requestDuration(realm, purpose, nanos);
        }
        metrics.sent(realm, purpose, e.reason().outcome());
    }

    /**
     * No SMS because of the number: none, or one that cannot get codes. {@code advice} is the administrator's WARN (a
     * login); null for a number the user typed (the registration: DEBUG only). {@code withheld}: the registration was
     * not offered to a user without a number.
     */
    void numberRefused(PhoneNumbers.Check phone, String advice, boolean withheld) {
        if (advice != null) {
            LOG.warn(advice);
        } else {
            LOG.debugf("sipgate-sms: user '%s' entered a number that cannot get codes (%s, type %s, region %s)",
                user.getId(), phone.problem(), phone.type(), phone.region());
        }
        event.user(user);
        if (phone.problem() == PhoneNumbers.Problem.MISSING) {
            metrics.refused(realm, purpose, SmsEvents.OUTCOME_NO_PHONE);
            if (withheld) {
                event.detail(SmsEvents.REGISTRATION, SmsEvents.REGISTRATION_WITHHELD);
            }
            event.detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_NO_PHONE).error(SmsEvents.ERROR_NO_PHONE);
            return;
        }
        metrics.refused(realm, purpose, SmsEvents.OUTCOME_INVALID_NUMBER);
        event.detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_INVALID_NUMBER)
            .detail(SmsEvents.NUMBER_PROBLEM, phone.problem().name().toLowerCase(Locale.ROOT))
            .detail(SmsEvents.NUMBER_TYPE, phone.type() == null ? "unknown" : phone.type().toLowerCase(Locale.ROOT))
            .error(SmsEvents.ERROR_INVALID_NUMBER);
    }

    /** An entered code was checked; {@code bruteForceError} is Keycloak's event error of a locked user. */
    void checked(CodeCheck.Result result, String bruteForceError) {
        if (result.metric() != null) {
            metrics.checked(realm, purpose, result.metric());
        }
        switch (result) {
            case LOCKED -> event.user(user).error(bruteForceError);
            case BOUND_REACHED -> {
                LOG.warnf("sipgate-sms: user '%s' in realm '%s' reached %d consecutive wrong codes; codes are refused for 24 hours "
                    + "after the last one. To lift it once the user is verified: DELETE /admin/realms/%s/sipgate-sms/wrong-code-bound/users/%s "
                    + "(manage-users), or Keycloak's unlock of the user when brute-force detection is on.",
                    user.getId(), realm.getName(), FailureBound.MAX_CONSECUTIVE_FAILURES, realm.getName(), user.getId());
                event.user(user).detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_FAILURE_BOUND).error(SmsEvents.ERROR_FAILURE_BOUND);
            }
            case WRONG, WRONG_AND_VOID -> event.user(user).error(Errors.INVALID_USER_CREDENTIALS);
            case EXPIRED -> event.user(user).error(Errors.EXPIRED_CODE);
            case OUTDATED -> event.user(user).error(SmsEvents.ERROR_OUTDATED_CODE);
            default -> {
                // right, nothing entered, no code: the caller's success or page says it
            }
        }
    }

    /** A right code: the LOGIN event names the masked number and the SMS this login sent. */
    void accepted(String masked, long sentCount) {
        event.detail(SmsEvents.PHONE, masked).detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_SENT)
            .detail(SmsEvents.SENT, Long.toString(sentCount));
    }

    /** A right code reached an attribute number that replaced a proven one: an INFO line, the previous number on the event. */
    void numberChanged(String previousMasked, String masked) {
        LOG.infof("sipgate-sms: user '%s' proved the number in the phone attribute (%s), which replaced %s; the user is e-mailed",
            user.getId(), masked, previousMasked);
        event.detail(SmsEvents.PREVIOUS_PHONE, previousMasked);
    }

    /** A trusted browser passed the step: no SMS, one saved. */
    void trustedLogin(String masked) {
        LOG.debugf("sipgate-sms: user '%s' passed the SMS step on a trusted browser (%s), no SMS", user.getId(), masked);
        metrics.trustedLogin(realm);
        event.detail(SmsEvents.PHONE, masked).detail(SmsEvents.SENT, "0").detail(SmsEvents.TRUSTED_BROWSER, "used");
    }

    /**
     * What the user chose on the code page: {@code forgotten}, every browser they trusted before is void; {@code remembered},
     * this browser is now trusted (a cookie was set).
     */
    void trustChosen(boolean forgotten, boolean remembered) {
        if (forgotten) {
            LOG.debugf("sipgate-sms: user '%s' voided their trusted browsers from the code page", user.getId());
        }
        if (forgotten || remembered) {
            event.detail(SmsEvents.TRUSTED_BROWSER, forgotten && remembered ? "forgotten,remembered" : forgotten ? "forgotten" : "remembered");
        }
    }
}
