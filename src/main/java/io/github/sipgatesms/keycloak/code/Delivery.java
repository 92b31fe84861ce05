package io.github.sipgatesms.keycloak.code;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.credential.PhoneIndex;
import io.github.sipgatesms.keycloak.credential.UserNumber;
import io.github.sipgatesms.keycloak.limits.Bucket;
import io.github.sipgatesms.keycloak.limits.SendLimits;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;
import io.github.sipgatesms.keycloak.sms.SmsRateLimitedException;
import io.github.sipgatesms.keycloak.sms.SmsSendException;
import io.github.sipgatesms.keycloak.sms.SmsSender;
import io.github.sipgatesms.keycloak.sms.SmsSenders;

/**
 * The sending of one request's code: the sender selection with the node's send bound, the send limits of the purpose's
 * bucket, a new code, the SMS. The result says what to show; {@link Outcomes} records the rest. Where no proof preceded
 * the code, {@link AfterAnswer} sends instead, after the answer.
 */
final class Delivery {

    private final SmsSenders senders;
    private final Request request;
    private final UserModel user;
    private final SmsConfig config;
    private final Purpose purpose;
    private final CodeStore store;
    private final Outcomes outcomes;

    Delivery(SmsSenders senders, Request request, UserModel user, SmsConfig config, Purpose purpose, CodeStore store, Outcomes outcomes) {
        this.senders = senders;
        this.request = request;
        this.user = user;
        this.config = config;
        this.purpose = purpose;
        this.store = store;
        this.outcomes = outcomes;
    }

    /**
     * In order: the sender (credentials, vault reference, the node's send bound: refusals there take no limit), the
     * send limits of the purpose's bucket, then a new code replaces any earlier one and goes out.
     */
    SendResult deliver(String e164) {
        String masked = PhoneNumbers.mask(e164);
        try (SmsSender sender = senders.select(request.session(), config)) {
            SendLimits.Decision limits = claim(e164);
            if (!limits.allowed()) {
                if (limits.cooldownOnly()) {
                    store.sends().holdResend(request.now() + limits.waitSeconds());
                    return SendResult.cooldown(limits.waitSeconds());
                }
                // one wording whichever hourly limit fired: the page never tells per-user from per-number or realm limits
                return new SendResult(MessageKeys.LIMIT_REACHED, limits.waitMinutesRounded());
            }
            // every attempt that may reach sipgate counts, also one that fails: the SMS may still go out
            store.sends().markSent(request.now());
            String text = issue(e164);
            long started = System.nanoTime();
            try {
                sender.send(e164, text);
            } catch (SmsSendException e) {
                store.voidCode();
                outcomes.notSent(masked, e, System.nanoTime() - started);
                return notSent(e);
            }
            outcomes.sent(masked, System.nanoTime() - started, SmsText.segments(text));
            return SendResult.SENT;
        } catch (SmsSendException e) {
            // refused before anything was claimed or sent: no credentials, unresolved vault reference, node busy
            outcomes.notSent(masked, e, -1);
            return notSent(e);
        }
    }

    /**
     * The send limits of the purpose's bucket; a refusal is recorded. A login SMS to a number this user never proved that
     * another account holds counts as a registration (its number's registration bucket, the registrations' share of the
     * budget), so putting a stranger's number in one's own attribute cannot use up that stranger's login SMS (SECURITY.md
     * 39); a first provisioned number nobody else holds spends the login bucket.
     */
    SendLimits.Decision claim(String e164) {
        return claim(request.session(), user, e164, outcomes);
    }

    /**
     * {@link #claim(String)} in {@code session} for {@code user} as that session reads them, recorded by {@code recorder}
     * (after the answer: no event).
     */
    SendLimits.Decision claim(KeycloakSession session, UserModel user, String e164, Outcomes recorder) {
        Bucket bucket = purpose.bucket() == Bucket.LOGIN && !UserNumber.proven(user, e164)
            && PhoneIndex.othersHold(session, session.getContext().getRealm(), user, e164, config) ? Bucket.REGISTRATION : purpose.bucket();
        SendLimits.Decision limits = new SendLimits(session.singleUseObjects(), request.realm().getId())
            .claim(user.getId(), e164, bucket, config, request.now());
        if (limits.allowed()) {
            recorder.granted(limits);
        } else {
            recorder.limited(limits, PhoneNumbers.mask(e164));
        }
        return limits;
    }

    /** A new code for {@code e164} replaces any earlier one; returns the SMS text that carries it. */
    String issue(String e164) {
        String code = OneTimeCode.generate(config.codeLength());
        store.issue(code, request.now(), e164);
        return SmsText.of(request.session(), request.realm(), user, code, config.codeTtlSeconds(), purpose);
    }

    static SendResult notSent(SmsSendException e) {
        return new SendResult(e instanceof SmsRateLimitedException ? MessageKeys.SEND_LATER : MessageKeys.SEND_FAILED);
    }
}
