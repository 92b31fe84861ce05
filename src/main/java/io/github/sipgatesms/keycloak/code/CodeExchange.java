package io.github.sipgatesms.keycloak.code;

import java.util.function.Supplier;

import jakarta.ws.rs.core.Response;

import org.keycloak.models.UserModel;

import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.credential.UserNumber;
import io.github.sipgatesms.keycloak.login.BruteForceCount;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * One request's exchange of an SMS code, for every {@link Purpose}: the one door of the SPI adapters. {@link #start} and
 * {@link #act} each answer with one {@link Answer}. Inside, each concern is written once: re-entry never sends, number
 * entry ({@link NumberEntry}), who may get an SMS ({@link #target}), what a right code proves ({@link Acceptance}).
 */
public final class CodeExchange {

    private final Codes codes;
    private final Request request;
    private final Purpose purpose;
    private final SmsConfig config;
    private final UserModel user;
    private final CodeStore store;
    private final NumberEntry numbers;
    private final CodePage page;
    private final Outcomes outcomes;
    private final CheckOutcomes checks;
    private final int trustDays;

    CodeExchange(Codes codes, Request request, Purpose purpose, SmsConfig config) {
        this.codes = codes;
        this.request = request;
        this.purpose = purpose;
        this.config = config;
        this.user = NumberEntry.user(request, purpose);
        this.store = new CodeStore(request.authSession());
        this.numbers = new NumberEntry(request, config, purpose);
        this.trustDays = TrustedBrowserStep.offeredDays(config, purpose, request.proof());
        this.page = new CodePage(request.forms(), config, store, request.now(), purpose, trustDays, numbers.typed());
        this.outcomes = new Outcomes(codes.metrics(), request.realm(), user, request.event(), purpose);
        this.checks = new CheckOutcomes(codes.metrics(), request.realm(), user, request.event(), purpose);
    }

    /** The purpose this exchange serves. */
    public Purpose purpose() {
        return purpose;
    }

    /**
     * The step's or action's first request: the number page until one was typed; the code page as it stands on re-entry
     * (reload, "page expired - continue", back from "try another way"), which never sends by itself; a trusted browser's
     * pass; else the first SMS.
     */
    public Answer start() {
        if (purpose.numberTyped() && numbers.pending() == null) {
            return Answer.challenge(numbers.page(null, null));
        }
        if (store.sends().started() || numbers.pending() != null) {
            if (request.fromSelection()) {
                // ASVS 2.7.3: choosing another way voids the code; the user can request a new one
                store.voidCode();
            }
            PhoneNumbers.Check own = purpose.proofless() || purpose.numberTyped() ? null : UserNumber.check(user, config);
            return Answer.challenge(own == null || own.usable() ? page.plain() : noPhone(own));
        }
        if (TrustedBrowserStep.skipsSms(request, user, config, purpose, trustDays, checks)) {
            return Answer.passed();
        }
        store.sends().markStarted();
        return send(false);
    }

    /** A form posted: the number page's ({@code phone}, {@code change}), {@code resend}, or a {@code code}. */
    public Answer act() {
        if (purpose.numberTyped()) {
            if (request.has(NumberEntry.CHANGE_FIELD)) {
                numbers.clear();
                store.voidCode();
                return Answer.challenge(numbers.page(null, null));
            }
            if (request.has(NumberEntry.PHONE_FIELD)) {
                return enter(request.field(NumberEntry.PHONE_FIELD));
            }
            if (numbers.pending() == null) {
                return Answer.challenge(numbers.page(null, null));
            }
        }
        return request.has(CodePage.RESEND_FIELD) ? send(true) : check(request.field(CodePage.CODE_FIELD));
    }

    private Answer enter(String raw) {
        PhoneNumbers.Check number = numbers.check(raw);
        if (!number.usable()) {
            checks.numberRefused(number, null, false);
            return Answer.challenge(numbers.page(raw, MessageKeys.PHONE_INVALID));
        }
        numbers.enter(number, raw);
        // the codes are now about the number's holder where nothing proved who is there: the next exchange knows them
        CodeExchange next = new CodeExchange(codes, request, purpose, config);
        next.store.voidCode();
        next.store.sends().markStarted();
        return next.send(false);
    }

    private Answer send(boolean resend) {
        Target target = target();
        if (purpose.proofless()) {
            int wait = store.sends().cooldownRemaining(request.now(), config.resendCooldownSeconds());
            return Answer.challenge(page.afterSend(resend && wait > 0 ? Delivery.Result.cooldown(wait)
                : new AfterAnswer(codes, request, delivery(), store, outcomes, config.codeLength()).deliver(target.e164(), config), resend));
        }
        return Answer.challenge(target.refusal() != null ? target.refusal().get() : page.afterSend(delivery().deliver(target.e164()), resend));
    }

    /** Where the code goes, or why nowhere (for a purpose that needs no proof-less alike answer, with the page that says it). */
    private record Target(String e164, Supplier<Response> refusal) {
    }

    /**
     * Who may get an SMS: the number being registered, or the user's own usable number (phone sign-in: only while it is
     * the one typed); never a disabled or locked user. Why not is recorded; where nothing proved who is there, the page
     * never says it.
     */
    private Target target() {
        if (user == null || purpose.proofless() && !user.isEnabled()) {
            return new Target(null, null);
        }
        PhoneNumbers.Check phone = purpose.registers() ? numbers.check(numbers.pending()) : UserNumber.check(user, config);
        if (!phone.usable()) {
            if (purpose.proofless()) {
                checks.numberRefused(phone, null, false);
            } else {
                NumberRefusal.record(request, user, config, phone, checks);
            }
            return new Target(null, () -> noPhone(phone));
        }
        SmsEvents.Lock lock = CodeCheck.lockedOut(request.session(), request.realm(), user, purpose);
        if (lock != null) {
            // a locked-out account gets no SMS, and the page says so as for a reached limit (never "code sent")
            outcomes.locked(lock, PhoneNumbers.mask(phone.e164()));
            return new Target(null, () -> page.error(MessageKeys.LIMIT_REACHED, CodeCheck.lockMinutes(request.session(), request.realm(), user, lock)));
        }
        String typed = numbers.pending();
        return purpose.registers() || typed == null || typed.equals(phone.e164()) ? new Target(phone.e164(), null) : new Target(null, null);
    }

    private Answer check(String entered) {
        CodeCheck check = new CodeCheck(request, user, config, store, purpose, checks);
        CheckResult result = !purpose.proofless() ? check.check(entered) : check.checkAlike(entered,
            user == null || store.decoy() || CodeCheck.lockedOut(request.session(), request.realm(), user, purpose) != null);
        Acceptance acceptance = new Acceptance(request, user, config, store, numbers, checks);
        if (result == CheckResult.ACCEPTED) {
            if (acceptance.proves(purpose)) {
                return acceptance.accept(purpose, trustDays);
            }
            // not to the number that had to get it (it changed hands since): a wrong code where all are answered alike
            store.voidCode();
            result = purpose.proofless() ? CheckResult.WRONG_AND_VOID : CheckResult.NO_CODE;
        }
        if (result.wrong() && request.flowUser() == null) {
            // Keycloak counts only the login's own user, which nothing set before this code (phone sign-in)
            BruteForceCount.failed(request.session(), request.realm(), user);
        }
        return result.answer(page);
    }

    private Response noPhone(PhoneNumbers.Check phone) {
        return page.noPhone(phone.problem() == PhoneNumbers.Problem.MISSING ? MessageKeys.NO_PHONE : MessageKeys.PHONE_UNUSABLE);
    }

    private Delivery delivery() {
        return new Delivery(codes, request, user, config, purpose, store, outcomes);
    }
}
