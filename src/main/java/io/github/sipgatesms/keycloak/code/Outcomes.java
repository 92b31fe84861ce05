package io.github.sipgatesms.keycloak.code;

import org.jboss.logging.Logger;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.github.sipgatesms.keycloak.limits.SendLimits;
import io.github.sipgatesms.keycloak.metrics.SmsMetrics;
import io.github.sipgatesms.keycloak.sms.SmsSendException;

/**
 * What happened to the SMS of one code exchange, recorded once: for each outcome one call writes the log line, the event
 * details and the metric, with one name per fact (an SMS sipgate took is {@value SmsEvents#OUTCOME_SENT} in the event and
 * in the metric). Made per request with the node's meters handed in, so a unit test sees every metric an outcome writes.
 * Log lines and events hold masked numbers only: never a code, a token or a full number. What happened to the codes
 * entered and the numbers: {@link CheckOutcomes}.
 */
final class Outcomes {

    private static final Logger LOG = Logger.getLogger(Outcomes.class);

    private final SmsMetrics metrics;
    private final RealmModel realm;
    private final UserModel user;
    private final EventBuilder event;
    private final Purpose purpose;

    Outcomes(SmsMetrics metrics, RealmModel realm, UserModel user, EventBuilder event, Purpose purpose) {
        this.metrics = metrics;
        this.realm = realm;
        this.user = user;
        this.event = event;
        this.purpose = purpose;
    }

    /**
     * The recorder of what happens after the answer (the request's event is written already): log lines and metrics
     * only.
     */
    Outcomes afterAnswer() {
        return new Outcomes(metrics, realm, user, null, purpose);
    }

    /** No SMS: the user is locked. */
    void locked(SmsEvents.Lock lock, String masked) {
        LOG.debugf("sipgate-sms: no SMS for user '%s' to %s: the user is locked out (%s)", user.getId(), masked, lock.tag());
        metrics.refused(realm, purpose.tag(), lock.tag());
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
        metrics.refused(realm, purpose.tag(), limits.refused().iterator().next().eventValue());
        if (event == null) {
            return;
        }
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
        metrics.refused(realm, purpose.tag(), limits.eventValue());
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
        if (event == null) {
            return;
        }
        event.clone().user(user).detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_BUDGET_WARNING)
            .detail(SmsEvents.BUDGET, limits.realmUsed() + "/" + limits.realmBudget()).error(SmsEvents.ERROR_BUDGET_WARNING);
    }

    /** sipgate took the SMS: its request time, the count and the segments it bills. */
    void sent(String masked, long nanos, SmsText.Segments segments) {
        LOG.debugf("sipgate-sms: code SMS sent to %s for user '%s'", masked, user.getId());
        metrics.requestDuration(realm, purpose.tag(), nanos);
        metrics.sent(realm, purpose.tag(), SmsEvents.OUTCOME_SENT);
        metrics.segments(realm, purpose.tag(), segments.encoding(), segments.count());
    }

    /**
     * No SMS: the node's single-use store breaks its promise (SECURITY.md 44; the ERROR that says why is written once per
     * node by {@code limits.StoreGuarantee}): the metric and the event.
     */
    void storeUnsound() {
        SmsSendException.Reason reason = SmsSendException.Reason.STORE_UNSOUND;
        LOG.debugf("sipgate-sms: no SMS in realm '%s': Keycloak's single-use store is unsound", realm.getName());
        metrics.sent(realm, purpose.tag(), reason.outcome());
        if (user != null) {
            event.user(user);
        }
        event.error(reason.eventError());
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
            metrics.requestDuration(realm, purpose.tag(), nanos);
        }
        metrics.sent(realm, purpose.tag(), e.reason().outcome());
    }
}
