package io.github.sipgatesms.keycloak.code;

import java.util.function.Supplier;

import jakarta.ws.rs.core.Response;

import io.github.sipgatesms.keycloak.credential.UserNumber;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * Who may get an SMS, decided once for every purpose, and the send of one request: the number being registered, or the
 * user's own usable number (phone sign-in: only while it is the one typed), never a disabled or locked user. Where a
 * proof came first the page says why not; where none did, every account gets the page of a sent SMS ({@link AfterAnswer}).
 */
final class Sending {

    private final Parts parts;
    private final Node node;

    Sending(Parts parts, Node node) {
        this.parts = parts;
        this.node = node;
    }

    /** Where the code goes, or why nowhere (with the page that says it, where a proof came first). */
    private record Target(String e164, Supplier<Response> refusal) {
        static final Target NOBODY = new Target(null, null);
    }

    /** The page after a first SMS ({@code resend} false) or a resend. */
    Response send(boolean resend) {
        CodePage page = parts.page();
        // SECURITY.md 44: no code where the store would not hold a limit; every account and purpose gets this one page
        if (node.store().firstUse(parts.request().session().singleUseObjects()) != null) {
            parts.outcomes().storeUnsound();
            return page.afterSend(new SendResult(MessageKeys.SEND_FAILED), resend);
        }
        Target target = target();
        Delivery delivery = new Delivery(node.senders(), parts.request(), parts.user(), parts.config(), parts.purpose(), parts.store(),
            parts.outcomes());
        if (parts.purpose().proofless()) {
            int wait = parts.store().sends().cooldownRemaining(parts.request().now(), parts.config().resendCooldownSeconds());
            return page.afterSend(resend && wait > 0 ? SendResult.cooldown(wait)
                : new AfterAnswer(parts, delivery, node.senders(), node.later()).deliver(target.e164()), resend);
        }
        return target.refusal() != null ? target.refusal().get() : page.afterSend(delivery.deliver(target.e164()), resend);
    }

    private Target target() {
        Purpose purpose = parts.purpose();
        Request request = parts.request();
        if (parts.user() == null || purpose.proofless() && !parts.user().isEnabled()) {
            return Target.NOBODY;
        }
        PhoneNumbers.Check phone = purpose.registers() ? parts.numbers().check(parts.numbers().pending())
            : UserNumber.check(parts.user(), parts.config());
        if (!phone.usable()) {
            if (purpose.proofless()) {
                parts.checks().numberRefused(phone, null, false);
            } else {
                NumberRefusal.record(request, parts.user(), parts.config(), phone, parts.checks());
            }
            return new Target(null, () -> noPhone(parts.page(), phone));
        }
        if (!purpose.registers() && UserNumber.changedSinceProven(parts.user(), phone.e164())) {
            // SECURITY.md 39: a code to the attribute's new number alone never adopts it; an administrator confirms it
            parts.checks().numberUnconfirmed(PhoneNumbers.mask(UserNumber.lastProvenProvisioned(parts.user()).orElse(null)),
                PhoneNumbers.mask(phone.e164()));
            return purpose.proofless() ? Target.NOBODY : new Target(null, () -> parts.page().noPhone(MessageKeys.NUMBER_CHANGED));
        }
        // where no proof came first a lock is looked up after the answer (AfterAnswer), as the limits: the same work for all
        SmsEvents.Lock lock = purpose.proofless() ? null : CodeCheck.lockedOut(request.session(), request.realm(), parts.user(), purpose);
        if (lock != null) {
            // a locked-out account gets no SMS, and the page says so as for a reached limit (never "code sent")
            parts.outcomes().locked(lock, PhoneNumbers.mask(phone.e164()));
            long minutes = CodeCheck.lockMinutes(request.session(), request.realm(), parts.user(), lock);
            return new Target(null, () -> parts.page().error(MessageKeys.LIMIT_REACHED, minutes));
        }
        String typed = parts.numbers().pending();
        return purpose.registers() || typed == null || typed.equals(phone.e164()) ? new Target(phone.e164(), null) : Target.NOBODY;
    }

    /** "No number" or "number unusable": no code input, no resend. */
    static Response noPhone(CodePage page, PhoneNumbers.Check phone) {
        return page.noPhone(phone.problem() == PhoneNumbers.Problem.MISSING ? MessageKeys.NO_PHONE : MessageKeys.PHONE_UNUSABLE);
    }
}
