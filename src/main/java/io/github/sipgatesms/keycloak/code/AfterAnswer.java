package io.github.sipgatesms.keycloak.code;

import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.limits.SendLimits;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;
import io.github.sipgatesms.keycloak.sms.SmsSendException;
import io.github.sipgatesms.keycloak.sms.SmsSender;
import io.github.sipgatesms.keycloak.sms.SmsSenders;

/**
 * Where no proof preceded the code, one answer for every account, and the same work before it. First the client
 * address's cap ({@code maxSmsPerAddressPerHour}), which every request counts against, known account or not; then a code
 * stands in: one that goes to nobody ({@link CodeStore#issueDecoy}), or for the holder of a usable number the code of
 * their SMS. The holder's claims of the send limits and the SMS itself run after the answer, on Keycloak's executor in a
 * session of their own, so neither the store's nor sipgate's time shows. Whatever happens then, the answer was
 * {@link SendResult#SENT}; the log and the metric record the rest.
 */
final class AfterAnswer {

    /** Keycloak's executor of the work after the answer. */
    static final String EXECUTOR = "sipgate-sms-send";

    private final Request request;
    private final Parts parts;
    private final SmsConfig config;
    private final Delivery delivery;
    private final CodeStore store;
    private final Outcomes outcomes;
    private final SmsSenders senders;
    private final BiConsumer<KeycloakSession, Consumer<KeycloakSession>> later;

    AfterAnswer(Parts parts, Delivery delivery, SmsSenders senders, BiConsumer<KeycloakSession, Consumer<KeycloakSession>> later) {
        this.request = parts.request();
        this.parts = parts;
        this.config = parts.config();
        this.delivery = delivery;
        this.store = parts.store();
        this.outcomes = parts.outcomes();
        this.senders = senders;
        this.later = later;
    }

    SendResult deliver(String e164) {
        String address = request.session().getContext().getConnection().getRemoteAddr();
        SendLimits.Decision perAddress = new SendLimits(request.session().singleUseObjects(), request.realm().getId())
            .claimAddress(address, config, request.now());
        if (!perAddress.allowed()) {
            outcomes.addressLimited(perAddress);
            return new SendResult(MessageKeys.LIMIT_REACHED, perAddress.waitMinutesRounded());
        }
        store.sends().markSent(request.now());
        if (e164 == null) {
            store.issueDecoy(OneTimeCode.generate(config.codeLength()), request.now());
            return SendResult.SENT;
        }
        String masked = PhoneNumbers.mask(e164);
        String text = delivery.issue(e164);
        Outcomes recorder = outcomes.afterAnswer();
        try {
            String realmId = request.realm().getId();
            String userId = parts.user().getId();
            later.accept(request.session(), session -> {
                try {
                    claimAndSend(session, realmId, userId, e164, masked, text, recorder);
                } catch (RuntimeException e) {
                    // nothing else would hear of it on the executor's thread: the log line and the metric say it
                    recorder.notSentLater(masked, new SmsSendException(SmsSendException.Reason.NETWORK,
                        "the work after the answer failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e), -1);
                }
            });
        } catch (RejectedExecutionException e) {
            recorder.notSentLater(masked, SmsSendException.busy(), -1);
        }
        return SendResult.SENT;
    }

    /**
     * After the answer, in a session of its own (the realm and the user read anew in it): a locked user gets nothing; then
     * the limits of the purpose's bucket, the SMS.
     */
    private void claimAndSend(KeycloakSession session, String realmId, String userId, String e164, String masked, String text,
                              Outcomes recorder) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return;
        }
        // the session's realm: Keycloak's user store needs it, and realm-scoped vault references resolve against it
        session.getContext().setRealm(realm);
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            return;
        }
        SmsEvents.Lock lock = CodeCheck.lockedOut(session, realm, user, parts.purpose());
        if (lock != null) {
            recorder.locked(lock, masked);
            return;
        }
        if (!delivery.claim(session, user, e164, recorder).allowed()) {
            return;
        }
        long started = System.nanoTime();
        try (SmsSender sender = senders.select(session, config)) {
            started = System.nanoTime();
            sender.send(e164, text);
            recorder.sent(masked, System.nanoTime() - started, SmsText.segments(text));
        } catch (SmsSendException e) {
            recorder.notSentLater(masked, e, System.nanoTime() - started);
        } catch (RuntimeException e) {
            recorder.notSentLater(masked, new SmsSendException(SmsSendException.Reason.NETWORK,
                "the send failed unexpectedly (" + e.getClass().getSimpleName() + ")", e), System.nanoTime() - started);
        }
    }
}
