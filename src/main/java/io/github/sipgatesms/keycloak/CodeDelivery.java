package io.github.sipgatesms.keycloak;

import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.limits.SendLimits;
import io.github.sipgatesms.keycloak.metrics.SmsMetrics;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;
import io.github.sipgatesms.keycloak.sms.SmsRateLimitedException;
import io.github.sipgatesms.keycloak.sms.SmsSendException;
import io.github.sipgatesms.keycloak.sms.SmsSender;
import io.github.sipgatesms.keycloak.sms.SmsSenders;

/**
 * The node's sending of codes ({@link CodeExchange#send} is its one caller): the sender selection with the node's send
 * bound, the send limits, a new code, the SMS. The result says what to show the user; {@link Outcomes} records the rest.
 */
final class CodeDelivery {

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
            return new Result(MessageKeys.RESEND_WAIT, new Object[] {waitSeconds}, (int) Math.max(1, waitSeconds));
        }

        boolean sent() {
            return messageKey == null;
        }
    }

    private final SmsSenders senders;
    private final SmsMetrics metrics;

    CodeDelivery(SmsSenders senders, SmsMetrics metrics) {
        this.senders = senders;
        this.metrics = metrics;
    }

    SmsMetrics metrics() {
        return metrics;
    }

    /**
     * In order: the sender (credentials, vault reference, the node's send bound: refusals there take no limit), the
     * send limits of the exchange's purpose, then a new code replaces any earlier one and goes out. Each outcome is
     * recorded by the exchange's {@link Outcomes}.
     */
    Result deliver(CodeExchange exchange, String e164) {
        String masked = PhoneNumbers.mask(e164);
        Outcomes outcomes = exchange.outcomes();
        SmsConfig config = exchange.config();
        CodeStore store = exchange.store();
        long now = exchange.now();
        try (SmsSender sender = senders.select(exchange.session(), config)) {
            SendLimits.Decision limits = new SendLimits(exchange.session().singleUseObjects(), exchange.realm().getId())
                .claim(exchange.user().getId(), e164, exchange.purpose(), config, now);
            if (!limits.allowed()) {
                outcomes.limited(limits, masked);
                // one wording whichever hourly limit fired: the page never tells per-user from per-number or realm limits
                return limits.cooldownOnly() ? Result.cooldown(limits.waitSeconds())
                    : new Result(MessageKeys.LIMIT_REACHED, limits.waitMinutesRounded());
            }
            outcomes.granted(limits);
            String code = OneTimeCode.generate(config.codeLength());
            // every attempt that may reach sipgate counts, also one that fails: the SMS may still go out
            store.markSent(now);
            store.issue(code, now, e164);
            String text = SmsText.forUser(exchange.session(), exchange.realm(), exchange.user(), code, config.codeTtlSeconds());
            long started = System.nanoTime();
            try {
                sender.send(e164, text);
            } catch (SmsSendException e) {
                store.voidCode();
                outcomes.notSent(masked, e, System.nanoTime() - started);
                return notSent(e);
            }
            outcomes.sent(masked, System.nanoTime() - started, SmsText.segments(text));
            return Result.SENT;
        } catch (SmsSendException e) {
            // refused before anything was claimed or sent: no credentials, unresolved vault reference, node busy
            outcomes.notSent(masked, e, -1);
            return notSent(e);
        }
    }

    private static Result notSent(SmsSendException e) {
        return new Result(e instanceof SmsRateLimitedException ? MessageKeys.SEND_LATER : MessageKeys.SEND_FAILED);
    }
}
