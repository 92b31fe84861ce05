package io.github.sipgatesms.keycloak;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakSession;

import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.credential.UserNumber;
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

    /** Keycloak's executor of the SMS sent after the answer ({@link #deliverAlike}). */
    static final String EXECUTOR = "sipgate-sms-send";

    private final SmsSenders senders;
    private final SmsMetrics metrics;
    private final Function<KeycloakSession, Executor> background;

    CodeDelivery(SmsSenders senders, SmsMetrics metrics) {
        this(senders, metrics, session -> session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR));
    }

    /** {@code background}: where {@link #deliverAlike} sends, per request (Keycloak's executor; a test's own). */
    CodeDelivery(SmsSenders senders, SmsMetrics metrics, Function<KeycloakSession, Executor> background) {
        this.senders = senders;
        this.metrics = metrics;
        this.background = background;
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
        CodeStore store = exchange.store();
        try (SmsSender sender = senders.select(exchange.session(), exchange.config())) {
            SendLimits.Decision limits = claim(exchange, e164, masked);
            if (!limits.allowed()) {
                if (limits.cooldownOnly()) {
                    store.sends().holdResend(exchange.now() + limits.waitSeconds());
                    return Result.cooldown(limits.waitSeconds());
                }
                // one wording whichever hourly limit fired: the page never tells per-user from per-number or realm limits
                return new Result(MessageKeys.LIMIT_REACHED, limits.waitMinutesRounded());
            }
            // every attempt that may reach sipgate counts, also one that fails: the SMS may still go out
            store.sends().markSent(exchange.now());
            String text = issue(exchange, e164);
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

    /**
     * Where no proof preceded the step ({@link ProoflessCode}), one answer for every account. First the client address's
     * cap ({@code maxSmsPerAddressPerHour}), which every request counts against, known account or not; then a code that
     * goes to nobody stands in ({@link CodeStore#issueDecoy}); only for {@code e164} (null: no SMS) the same sender,
     * limits and code as {@link #deliver} replace it, and the SMS goes out on Keycloak's executor after the answer, so
     * sipgate's time never shows. Whatever happens to that SMS, the answer is {@link Result#SENT}; the log and the metric
     * record the rest.
     */
    Result deliverAlike(CodeExchange exchange, String e164) {
        String address = exchange.session().getContext().getConnection().getRemoteAddr();
        SendLimits.Decision perAddress = new SendLimits(exchange.session().singleUseObjects(), exchange.realm().getId())
            .claimAddress(address, exchange.config(), exchange.now());
        if (!perAddress.allowed()) {
            exchange.outcomes().addressLimited(perAddress);
            return new Result(MessageKeys.LIMIT_REACHED, perAddress.waitMinutesRounded());
        }
        exchange.store().sends().markSent(exchange.now());
        exchange.store().issueDecoy(OneTimeCode.generate(exchange.config().codeLength()), exchange.now());
        if (e164 != null) {
            sendAfterAnswer(exchange, e164);
        }
        return Result.SENT;
    }

    private void sendAfterAnswer(CodeExchange exchange, String e164) {
        String masked = PhoneNumbers.mask(e164);
        Outcomes outcomes = exchange.outcomes();
        SmsSender sender;
        try {
            sender = senders.select(exchange.session(), exchange.config());
        } catch (SmsSendException e) {
            outcomes.notSent(masked, e, -1);
            return;
        }
        boolean handedOver = false;
        try {
            if (claim(exchange, e164, masked).allowed()) {
                String text = issue(exchange, e164);
                background.apply(exchange.session()).execute(() -> sendLater(sender, outcomes, e164, masked, text));
                handedOver = true;
            }
        } catch (RejectedExecutionException e) {
            outcomes.notSentLater(masked, SmsSendException.busy(), -1);
        } finally {
            if (!handedOver) {
                sender.close();
            }
        }
    }

    /**
     * The send limits of the exchange's purpose; a refusal is recorded. A login SMS to an attribute number that replaced
     * a proven one counts as a registration (its number's registration bucket, the registrations' share of the budget),
     * so putting a stranger's number in one's own attribute cannot use up that stranger's login SMS.
     */
    private static SendLimits.Decision claim(CodeExchange exchange, String e164, String masked) {
        SendLimits.Purpose purpose = exchange.purpose() != SendLimits.Purpose.REGISTRATION && UserNumber.changedSinceProven(exchange.user(), e164)
            ? SendLimits.Purpose.REGISTRATION : exchange.purpose();
        SendLimits.Decision limits = new SendLimits(exchange.session().singleUseObjects(), exchange.realm().getId())
            .claim(exchange.user().getId(), e164, purpose, exchange.config(), exchange.now());
        if (limits.allowed()) {
            exchange.outcomes().granted(limits);
        } else {
            exchange.outcomes().limited(limits, masked);
        }
        return limits;
    }

    /** A new code for {@code e164} replaces any earlier one; returns the SMS text that carries it. */
    private static String issue(CodeExchange exchange, String e164) {
        SmsConfig config = exchange.config();
        String code = OneTimeCode.generate(config.codeLength());
        exchange.store().issue(code, exchange.now(), e164);
        return SmsText.of(exchange, code);
    }

    /** On the executor: the request that asked is answered already; only the log and the metric hear of the result. */
    private static void sendLater(SmsSender sender, Outcomes outcomes, String e164, String masked, String text) {
        long started = System.nanoTime();
        try (sender) {
            sender.send(e164, text);
            outcomes.sent(masked, System.nanoTime() - started, SmsText.segments(text));
        } catch (SmsSendException e) {
            outcomes.notSentLater(masked, e, System.nanoTime() - started);
        } catch (RuntimeException e) {
            outcomes.notSentLater(masked, new SmsSendException(SmsSendException.Reason.NETWORK,
                "the send failed unexpectedly (" + e.getClass().getSimpleName() + ")", e), System.nanoTime() - started);
        }
    }

    private static Result notSent(SmsSendException e) {
        return new Result(e instanceof SmsRateLimitedException ? MessageKeys.SEND_LATER : MessageKeys.SEND_FAILED);
    }
}
