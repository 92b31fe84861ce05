package io.github.sipgatesms.keycloak.code;

import jakarta.ws.rs.core.Response;

import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.credential.UserNumber;
import io.github.sipgatesms.keycloak.login.BruteForceCount;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * One request's exchange of an SMS code, for every {@link Purpose}: the one door of the SPI adapters. {@link #start} and
 * {@link #act} each answer with one {@link Answer}. Inside, each concern is written once: re-entry never sends, number
 * entry ({@link NumberEntry}), who may get an SMS ({@link Sending}), what a right code proves ({@link Acceptance}).
 */
public final class CodeExchange {

    private final Node node;
    private final Parts parts;

    CodeExchange(Node node, Request request, Purpose purpose, SmsConfig config) {
        this.node = node;
        NumberEntry numbers = new NumberEntry(request, config, purpose);
        CodeStore store = new CodeStore(request.authSession());
        var user = NumberEntry.user(request, purpose);
        int trustDays = TrustedBrowserStep.offeredDays(config, purpose, request.proof());
        this.parts = new Parts(request, purpose, config, user, store, numbers,
            new CodePage(request.forms(), config, store, request.now(), purpose, trustDays, TrustedBrowserStep.forgetOffered(user, trustDays),
                numbers.typed()),
            new Outcomes(node.metrics(), request.realm(), user, request.event(), purpose),
            new CheckOutcomes(node.metrics(), request.realm(), user, request.event(), purpose), trustDays);
        // every event of the step names what its code is for, with the metrics' tag
        request.event().detail(SmsEvents.PURPOSE, purpose.tag());
    }

    /** The purpose this exchange serves. */
    public Purpose purpose() {
        return parts.purpose();
    }

    /**
     * The step's or action's first request: the number page until one was typed; the code page as it stands on re-entry
     * (reload, "page expired - continue", back from "try another way"), which never sends by itself; a trusted browser's
     * pass; else the first SMS.
     */
    public Answer start() {
        NumberEntry numbers = parts.numbers();
        if (parts.purpose().numberTyped() && numbers.pending() == null) {
            return Answer.challenge(numbers.page(null, null));
        }
        if (parts.store().sends().started() || numbers.pending() != null) {
            if (parts.request().fromSelection()) {
                // ASVS 2.7.3: choosing another way voids the code; the user can request a new one
                parts.store().voidCode();
            }
            boolean ownNumber = !parts.purpose().proofless() && !parts.purpose().numberTyped();
            PhoneNumbers.Check own = ownNumber ? UserNumber.check(parts.user(), parts.config()) : null;
            return Answer.challenge(own == null || own.usable() ? parts.page().plain() : Sending.noPhone(parts.page(), own));
        }
        if (TrustedBrowserStep.skipsSms(parts.request(), parts.user(), parts.config(), parts.purpose(), parts.trustDays(), parts.checks())) {
            return Answer.passed();
        }
        parts.store().sends().markStarted();
        return Answer.challenge(sending().send(false));
    }

    /** A form posted: the number page's ({@code phone}, {@code change}), {@code resend}, or a {@code code}. */
    public Answer act() {
        Request request = parts.request();
        NumberEntry numbers = parts.numbers();
        if (parts.purpose().numberTyped()) {
            if (request.has(NumberEntry.CHANGE_FIELD)) {
                numbers.clear();
                parts.store().voidCode();
                return Answer.challenge(numbers.page(null, null));
            }
            if (request.has(NumberEntry.PHONE_FIELD)) {
                return enter(request.field(NumberEntry.PHONE_FIELD));
            }
            if (numbers.pending() == null) {
                return Answer.challenge(numbers.page(null, null));
            }
        }
        return request.has(CodePage.RESEND_FIELD) ? Answer.challenge(sending().send(true)) : check(request.field(CodePage.CODE_FIELD));
    }

    private Answer enter(String raw) {
        PhoneNumbers.Check number = parts.numbers().check(raw);
        if (!number.usable()) {
            boolean region = number.problem() == PhoneNumbers.Problem.REGION_NOT_ALLOWED;
            // a region refused is the administrator's business (allowedRegions): one WARN per region and node
            parts.checks().numberRefused(number, region && node.once("region/" + parts.request().realm().getId() + "/" + number.region())
                ? NumberRefusal.regionAdvice(parts.request().realm(), number) : null, false);
            return Answer.challenge(parts.numbers().page(raw, region ? MessageKeys.REGION_NOT_ALLOWED : MessageKeys.PHONE_INVALID));
        }
        parts.numbers().enter(number, raw);
        // the codes are now about the number's holder where nothing proved who is there: the next exchange knows them
        CodeExchange next = new CodeExchange(node, parts.request(), parts.purpose(), parts.config());
        next.parts.store().voidCode();
        next.parts.store().sends().markStarted();
        return Answer.challenge(next.sending().send(false));
    }

    private Answer check(String entered) {
        Request request = parts.request();
        CodeCheck check = new CodeCheck(request, parts.user(), parts.config(), parts.store(), parts.purpose(), parts.checks());
        CheckResult result = !parts.purpose().proofless() ? check.check(entered) : check.checkAlike(entered, parts.user() == null
            || parts.store().decoy() || CodeCheck.lockedOut(request.session(), request.realm(), parts.user(), parts.purpose()) != null);
        if (result == CheckResult.ACCEPTED) {
            Acceptance acceptance = new Acceptance(parts, node::once);
            if (acceptance.proves()) {
                Answer answer = acceptance.accept();
                // the current number proven: the registration of another follows in this action (SECURITY.md 38)
                return parts.purpose().then() == null ? answer : new CodeExchange(node, request, parts.purpose().then(), parts.config()).start();
            }
            // not to the number that had to get it (it changed hands since): a wrong code where all are answered alike
            parts.store().voidCode();
            result = parts.purpose().proofless() ? CheckResult.WRONG_AND_VOID : CheckResult.NO_CODE;
        }
        if (result.wrong() && request.flowUser() == null) {
            // Keycloak counts only the login's own user, which nothing set before this code (phone sign-in)
            BruteForceCount.failed(request.session(), request.realm(), parts.user());
        }
        // a wrong code as Keycloak's failure challenge (counted by brute-force detection), else shown as forced or plain
        Response page = parts.page().checked(result);
        return result.wrong() ? Answer.failure(page) : result.forced() ? Answer.force(page) : Answer.challenge(page);
    }

    private Sending sending() {
        return new Sending(parts, node);
    }
}
