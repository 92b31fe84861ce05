package io.github.sipgatesms.keycloak.code;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.limits.SendLimits;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;
import io.github.sipgatesms.keycloak.sms.SmsSendException;
import io.github.sipgatesms.keycloak.sms.SmsSender;
import io.github.sipgatesms.keycloak.sms.SmsSenders;

/**
 * Where no proof preceded the code, one answer for every account. First the client address's cap
 * ({@code maxSmsPerAddressPerHour}), which every request counts against, known account or not; then a code that goes to
 * nobody stands in ({@link CodeStore#issueDecoy}); only for a number (null: no SMS) the same sender, limits and code as
 * {@link Delivery#deliver} replace it, and the SMS goes out on Keycloak's executor after the answer, so sipgate's time
 * never shows. Whatever happens to that SMS, the answer is {@link Delivery.Result#SENT}; the log and the metric record
 * the rest.
 */
final class AfterAnswer {

    /** Keycloak's executor of the SMS sent after the answer. */
    static final String EXECUTOR = "sipgate-sms-send";

    private final Request request;
    private final SmsConfig config;
    private final Delivery delivery;
    private final CodeStore store;
    private final Outcomes outcomes;
    private final SmsSenders senders;
    private final Supplier<Executor> background;

    AfterAnswer(Parts parts, Delivery delivery, SmsSenders senders, Supplier<Executor> background) {
        this.request = parts.request();
        this.config = parts.config();
        this.delivery = delivery;
        this.store = parts.store();
        this.outcomes = parts.outcomes();
        this.senders = senders;
        this.background = background;
    }

    Delivery.Result deliver(String e164) {
        String address = request.session().getContext().getConnection().getRemoteAddr();
        SendLimits.Decision perAddress = new SendLimits(request.session().singleUseObjects(), request.realm().getId())
            .claimAddress(address, config, request.now());
        if (!perAddress.allowed()) {
            outcomes.addressLimited(perAddress);
            return new Delivery.Result(MessageKeys.LIMIT_REACHED, perAddress.waitMinutesRounded());
        }
        store.sends().markSent(request.now());
        store.issueDecoy(OneTimeCode.generate(config.codeLength()), request.now());
        if (e164 != null) {
            send(e164);
        }
        return Delivery.Result.SENT;
    }

    private void send(String e164) {
        String masked = PhoneNumbers.mask(e164);
        SmsSender sender;
        try {
            sender = senders.select(request.session(), config);
        } catch (SmsSendException e) {
            outcomes.notSent(masked, e, -1);
            return;
        }
        boolean handedOver = false;
        try {
            if (delivery.claim(e164).allowed()) {
                String text = delivery.issue(e164);
                background.get().execute(() -> sendLater(sender, e164, masked, text));
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

    /** On the executor: the request that asked is answered already; only the log and the metric hear of the result. */
    private void sendLater(SmsSender sender, String e164, String masked, String text) {
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
}
