package io.github.sipgatesms.keycloak;

import org.jboss.logging.Logger;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.github.sipgatesms.keycloak.code.CodeStore;
import io.github.sipgatesms.keycloak.code.OneTimeCode;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.limits.SendLimits;
import io.github.sipgatesms.keycloak.metrics.SmsMetrics;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;
import io.github.sipgatesms.keycloak.sms.SmsRateLimitedException;
import io.github.sipgatesms.keycloak.sms.SmsSendException;
import io.github.sipgatesms.keycloak.sms.SmsSender;
import io.github.sipgatesms.keycloak.sms.SmsSenderSelector;

/**
 * Sends one code to a checked number, for the login step and the phone registration alike: every send limit
 * must grant it, then a new code replaces any earlier one and goes out. Refusals and failures are logged for
 * the administrator (masked number only) and recorded as event errors; the result says what to show the user.
 */
final class CodeDelivery {

    private static final Logger LOG = Logger.getLogger(CodeDelivery.class);

    /**
     * What to show: nothing special ({@link #SENT}), the cooldown's wait (the resend hint says it), or an error
     * message with its parameters.
     */
    record Result(String messageKey, Object[] params, int cooldownSeconds) {
        static final Result SENT = new Result(null, new Object[0], 0);

        Result(String messageKey, Object... params) {
            this(messageKey, params, 0);
        }

        static Result cooldown(long waitSeconds) {
            return new Result(Messages.RESEND_WAIT, new Object[] {waitSeconds}, (int) Math.max(1, waitSeconds));
        }

        boolean sent() {
            return messageKey == null;
        }
    }

    private final SmsSenderSelector senders;
    private final SmsMetrics metrics;

    CodeDelivery(SmsSenderSelector senders, SmsMetrics metrics) {
        this.senders = senders;
        this.metrics = metrics;
    }

    SmsMetrics metrics() {
        return metrics;
    }

    /**
     * In order: the sender (credentials, vault reference, the node's send bound: refusals there take no limit), the
     * send limits of the purpose, then a new code replaces any earlier one and goes out.
     */
    Result deliver(KeycloakSession session, RealmModel realm, UserModel user, EventBuilder event, SmsConfig config,
                   CodeStore store, String e164, SendLimits.Purpose purpose, long now) {
        String masked = PhoneNumbers.mask(e164);
        try (SmsSender sender = senders.select(session, config)) {
            SendLimits.Decision limits = new SendLimits(session.singleUseObjects(), realm.getId()).claim(user.getId(), e164, purpose, config, now);
            if (!limits.allowed()) {
                metrics.refused(realm, purpose, limits.refused().iterator().next().eventValue());
                return refuseByLimit(realm, user, event, limits, masked);
            }
            metrics.budget(realm, limits.realmUsed(), limits.realmBudget());
            if (limits.budgetWarning()) {
                budgetWarning(realm, user, event, limits);
            }
            String code = OneTimeCode.generate(config.codeLength());
            // every attempt that may reach sipgate counts, also one that fails: the SMS may still go out
            store.markSent(now);
            store.issue(code, now, e164);
            String text = SmsText.forUser(session, realm, user, code, config.codeTtlSeconds());
            long started = System.nanoTime();
            try {
                sender.send(e164, text);
            } catch (SmsSendException e) {
                metrics.requestDuration(realm, purpose, System.nanoTime() - started);
                store.voidCode();
                return notSent(realm, user, event, masked, e, purpose);
            }
            metrics.requestDuration(realm, purpose, System.nanoTime() - started);
            metrics.sent(realm, purpose, SmsEvents.OUTCOME_ACCEPTED);
            SmsText.Segments segments = SmsText.segments(text);
            metrics.segments(realm, purpose, segments.encoding(), segments.count());
            LOG.debugf("sipgate-sms: code SMS accepted for user '%s' to %s", user.getId(), masked);
            return Result.SENT;
        } catch (SmsSendException e) {
            // refused before anything was claimed or sent: no credentials, unresolved vault reference, node busy
            return notSent(realm, user, event, masked, e, purpose);
        }
    }

    /** The first SMS of an hour to reach 80 % of the realm's budget (once per hour cluster-wide): WARN and an event. */
    private static void budgetWarning(RealmModel realm, UserModel user, EventBuilder event, SendLimits.Decision limits) {
        LOG.warnf("sipgate-sms: realm '%s' used %d of its %d SMS per hour (maxSmsPerRealmPerHour). If this traffic is not "
            + "expected, look for SMS pumping (many numbers, one country, few completed logins); raise the budget only if it is "
            + "legitimate. Further SMS are refused once the budget is used.", realm.getName(), limits.realmUsed(), limits.realmBudget());
        event.clone().user(user).detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_BUDGET_WARNING)
            .detail(SmsEvents.BUDGET, limits.realmUsed() + "/" + limits.realmBudget()).error(SmsEvents.ERROR_BUDGET_WARNING);
    }

    private Result notSent(RealmModel realm, UserModel user, EventBuilder event, String masked, SmsSendException e,
                           SendLimits.Purpose purpose) {
        metrics.sent(realm, purpose, e.reason().outcome());
        LOG.warnf("sipgate-sms: SMS for user '%s' to %s in realm '%s' not sent: %s", user.getId(), masked, realm.getName(), e.getMessage());
        event.user(user).detail(SmsEvents.PHONE, masked).detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_SIPGATE_ERROR)
            .detail(SmsEvents.STATUS, Integer.toString(e.status())).error(e.reason().eventError());
        return new Result(e instanceof SmsRateLimitedException ? Messages.SEND_LATER : Messages.SEND_FAILED);
    }

    private static Result refuseByLimit(RealmModel realm, UserModel user, EventBuilder event, SendLimits.Decision limits, String masked) {
        if (limits.cooldownOnly()) {
            LOG.debugf("sipgate-sms: no SMS for user '%s' to %s: cooldown, %d s left", user.getId(), masked, limits.waitSeconds());
        } else {
            LOG.warnf("sipgate-sms: no SMS for user '%s' to %s in realm '%s': limit %s reached, next SMS possible in %d s. "
                + "Many of these may mean SMS pumping; raise the max-SMS settings only if the traffic is legitimate.",
                user.getId(), masked, realm.getName(), limits.eventValue(), limits.waitSeconds());
        }
        event.user(user).detail(SmsEvents.PHONE, masked).detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_LIMIT)
            .detail(SmsEvents.LIMIT, limits.eventValue()).error(SmsEvents.ERROR_LIMIT);
        // one wording whichever hourly limit fired: the page never tells per-user from per-number or realm limits
        return limits.cooldownOnly()
            ? Result.cooldown(limits.waitSeconds())
            : new Result(Messages.LIMIT_REACHED, limits.waitMinutesRounded());
    }
}
