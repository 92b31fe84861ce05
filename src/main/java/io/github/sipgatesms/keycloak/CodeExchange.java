package io.github.sipgatesms.keycloak;

import java.util.function.Supplier;

import jakarta.ws.rs.core.Response;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.credential.PhoneIndex;
import io.github.sipgatesms.keycloak.credential.UserNumber;
import io.github.sipgatesms.keycloak.limits.SendLimits;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * One request's exchange of an SMS code, for every purpose (the login step, the number registration, the password reset,
 * phone sign-in): it knows the purpose, the user, the realm SMS policy, the code store of the authentication
 * session, the clock, the page and the {@link Outcomes} recorder. Sending ({@link #send}) and checking ({@link #check})
 * exist only here; the SPI classes read the request, ask the exchange and hand its page to Keycloak.
 */
final class CodeExchange {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;
    private final SmsConfig config;
    private final SendLimits.Purpose purpose;
    private final CodeStore store;
    private final long now;
    private final CodePage page;
    private final Outcomes outcomes;
    private final CodeDelivery delivery;

    private CodeExchange(KeycloakSession session, RealmModel realm, UserModel user, EventBuilder event, AuthenticationSessionModel authSession,
                         SmsConfig config, SendLimits.Purpose purpose, Supplier<LoginFormsProvider> forms, int trustDays,
                         CodeDelivery delivery, String typed) {
        this.session = session;
        this.realm = realm;
        this.user = user;
        this.config = config;
        this.purpose = purpose;
        this.store = new CodeStore(authSession);
        this.now = Time.currentTime();
        this.page = switch (purpose) {
            case REGISTRATION -> CodePage.registration(forms, config, store, now);
            case RESET -> CodePage.proofless(forms, config, store, now);
            case SIGN_IN -> CodePage.signIn(forms, config, store, now, typed);
            default -> new CodePage(forms, config, store, now, trustDays);
        };
        this.outcomes = new Outcomes(delivery.metrics(), realm, user, event, purpose);
        this.delivery = delivery;
    }

    /*
     * Keycloak's two SPIs hand over the same request in two context types without a common interface
     * (AuthenticationFlowContext, RequiredActionContext), and build the login form differently: the step uses RaceFreeLoginForm
     * (AuthenticationProcessor.form() races with concurrent requests), the required action its context's form().
     */

    /** The login step's exchange; above 0, {@code trustDays} offers to trust the browser. */
    static CodeExchange login(AuthenticationFlowContext context, SmsConfig config, int trustDays, CodeDelivery delivery) {
        return new CodeExchange(context.getSession(), context.getRealm(), context.getUser(), context.getEvent(),
            context.getAuthenticationSession(), config, SendLimits.Purpose.LOGIN, () -> RaceFreeLoginForm.of(context), trustDays, delivery, null);
    }

    /** The number registration's exchange: proving a new number never trusts the browser. */
    static CodeExchange registration(RequiredActionContext context, SmsConfig config, CodeDelivery delivery) {
        return new CodeExchange(context.getSession(), context.getRealm(), context.getUser(), context.getEvent(),
            context.getAuthenticationSession(), config, SendLimits.Purpose.REGISTRATION, context::form, 0, delivery, null);
    }

    /** The reset's exchange where no proof preceded the step ({@link ProoflessCode}): the user may be null; one answer for all. */
    static CodeExchange reset(AuthenticationFlowContext context, SmsConfig config, CodeDelivery delivery) {
        return new CodeExchange(context.getSession(), context.getRealm(), context.getUser(), context.getEvent(),
            context.getAuthenticationSession(), config, SendLimits.Purpose.RESET, () -> RaceFreeLoginForm.anonymous(context), 0, delivery, null);
    }

    /**
     * Phone sign-in's exchange ({@link PhoneSignIn}): {@code holder} is the one enabled user who held the typed number
     * when it was entered, or null; the page shows the number as {@code typed} and answers alike whoever holds it.
     */
    static CodeExchange signIn(AuthenticationFlowContext context, SmsConfig config, UserModel holder, String typed, CodeDelivery delivery) {
        return new CodeExchange(context.getSession(), context.getRealm(), holder, context.getEvent(), context.getAuthenticationSession(),
            config, SendLimits.Purpose.SIGN_IN, () -> RaceFreeLoginForm.of(context), 0, delivery, typed);
    }

    /**
     * Where no proof preceded the step: answers a code request alike for every account, known or not ({@code e164} null:
     * no SMS; {@link CodeDelivery#deliverAlike}). A resend inside this tab's cooldown only shows the wait.
     */
    Response sendAlike(String e164, boolean resend) {
        int wait = store.sends().cooldownRemaining(now, config.resendCooldownSeconds());
        return page.afterSend(resend && wait > 0 ? CodeDelivery.Result.cooldown(wait) : delivery.deliverAlike(this, e164), resend);
    }

    /**
     * Where no proof preceded the step: checks an entry so that an account that got no SMS (unknown, no usable number,
     * locked) is answered exactly like one that did ({@link CodeCheck#checkAlike}).
     */
    CodeCheck.Result checkAlike(String entered) {
        boolean decoy = user == null || store.decoy() || CodeCheck.lockedOut(session, realm, user) != null;
        return CodeCheck.checkAlike(this, entered, decoy);
    }

    /**
     * Sends a new code to {@code e164}, replacing any earlier one, and returns the page with the outcome. In order: the
     * user must not be locked out (else the "too many codes" message), then every send limit must grant the SMS
     * ({@link CodeDelivery}).
     */
    Response send(String e164, boolean resend) {
        String lock = CodeCheck.lockedOut(session, realm, user);
        if (lock != null) {
            // a locked-out account gets no SMS, and the page says so as for a reached limit (never "code sent")
            outcomes.locked(lock, PhoneNumbers.mask(e164));
            return page.error(MessageKeys.LIMIT_REACHED, CodeCheck.lockMinutes(session, realm, user, lock));
        }
        return page.afterSend(delivery.deliver(this, e164), resend);
    }

    /** Checks an entered code ({@link CodeCheck}); the outcome is already recorded. */
    CodeCheck.Result check(String entered) {
        return CodeCheck.check(this, entered);
    }

    /** The page for a check's result (for a right code there is none: the caller moves on). */
    Response page(CodeCheck.Result result) {
        return result.page(page);
    }

    /** The code page as it stands (re-entry: no SMS). */
    Response plain() {
        return page.plain();
    }

    /** "No number" or "number unusable": no code input, no resend. */
    Response noPhone(PhoneNumbers.Check phone) {
        return page.noPhone(phone.problem() == PhoneNumbers.Problem.MISSING ? MessageKeys.NO_PHONE : MessageKeys.PHONE_UNUSABLE);
    }

    /**
     * After a right code at login: records it and returns the number it proved, the user's current number if the code
     * went to exactly that (else null). A provisioned number is shown under "Signing in" from now on.
     */
    String acceptedAtLogin() {
        PhoneNumbers.Check phone = UserNumber.check(user, config);
        String proven = proven(phone.usable() ? phone.e164() : null);
        if (proven != null && UserNumber.provisioned(user)) {
            PhoneChangeNotice.adoptProvisioned(this, proven);
        }
        PhoneIndex.refresh(user, config);
        outcomes.accepted(store.maskedPhone(), store.sends().sentCount());
        return proven;
    }

    /** After a right code: {@code e164} when the code went to exactly that number (never a number that masks alike). */
    String proven(String e164) {
        return e164 != null && store.wentTo(e164) ? e164 : null;
    }

    KeycloakSession session() {
        return session;
    }

    RealmModel realm() {
        return realm;
    }

    UserModel user() {
        return user;
    }

    SmsConfig config() {
        return config;
    }

    SendLimits.Purpose purpose() {
        return purpose;
    }

    CodeStore store() {
        return store;
    }

    long now() {
        return now;
    }

    Outcomes outcomes() {
        return outcomes;
    }
}
