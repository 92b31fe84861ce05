package io.github.sipgatesms.keycloak;

import java.util.function.Supplier;

import jakarta.ws.rs.core.Response;

import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.utils.FormMessage;

import io.github.sipgatesms.keycloak.config.SmsConfig;

/**
 * Renders the code page ({@value #TEMPLATE}, shipped in {@code theme-resources/templates}) with the
 * {@code sipgateSms} model. Errors go through Keycloak's message mechanism, so every login theme
 * shows them: field errors under the code input, others as the page's error alert.
 */
final class CodePage {

    static final String TEMPLATE = "login-sipgate-sms.ftl";
    static final String CODE_FIELD = "code";
    static final String RESEND_FIELD = "resend";
    /** Checkbox "Don't ask again on this browser for N days" (login only, where {@link TrustedBrowserStep#offeredDays} is above 0). */
    static final String TRUST_FIELD = "trust";
    /** Checkbox "Forget every other browser that skips this code" (shown with {@link #TRUST_FIELD}). */
    static final String FORGET_FIELD = "forget";

    /** Whose page: the login step's, the registration's, a proof-less context's (the reset), or phone sign-in's. */
    enum Kind { LOGIN, REGISTRATION, PROOFLESS, SIGN_IN }

    private final Supplier<LoginFormsProvider> forms;
    private final SmsConfig config;
    private final CodeStore store;
    private final long now;
    private final Kind kind;
    private final int trustDays;
    /** Phone sign-in: the number as typed (shown back); otherwise null. */
    private final String typed;

    /** The code page of the login step; above 0, {@code trustDays} offers to trust this browser for that many days. */
    CodePage(Supplier<LoginFormsProvider> forms, SmsConfig config, CodeStore store, long now, int trustDays) {
        this(forms, config, store, now, Kind.LOGIN, trustDays, null);
    }

    private CodePage(Supplier<LoginFormsProvider> forms, SmsConfig config, CodeStore store, long now, Kind kind, int trustDays, String typed) {
        this.forms = forms;
        this.config = config;
        this.store = store;
        this.now = now;
        this.kind = kind;
        this.trustDays = trustDays;
        this.typed = typed;
    }

    /** The code page of the phone registration: proving a new number never offers to trust the browser. */
    static CodePage registration(Supplier<LoginFormsProvider> forms, SmsConfig config, CodeStore store, long now) {
        return new CodePage(forms, config, store, now, Kind.REGISTRATION, 0, null);
    }

    /** The code page where no proof preceded the step: one wording for every account, no digit of a number, no trust. */
    static CodePage proofless(Supplier<LoginFormsProvider> forms, SmsConfig config, CodeStore store, long now) {
        return new CodePage(forms, config, store, now, Kind.PROOFLESS, 0, null);
    }

    /** Phone sign-in's code page: as {@link #proofless}, showing back the number as {@code typed}. */
    static CodePage signIn(Supplier<LoginFormsProvider> forms, SmsConfig config, CodeStore store, long now, String typed) {
        return new CodePage(forms, config, store, now, Kind.SIGN_IN, 0, typed);
    }

    Response plain() {
        return render(form(true, 0, false, false));
    }

    /**
     * The page after a send: the instruction after the first SMS; after a resend the instruction says "we sent a new
     * code" instead (one message, no second alert); after a resend inside the cooldown only the resend hint, now saying
     * to wait; otherwise the error as the alert.
     */
    Response afterSend(CodeDelivery.Result result, boolean resend) {
        if (result.sent()) {
            return render(form(true, 0, false, resend));
        }
        if (result.cooldownSeconds() > 0) {
            // the cooldown may be the user's (a new login soon after the last SMS), not this tab's
            return render(form(true, result.cooldownSeconds(), false, false));
        }
        return error(result.messageKey(), result.params());
    }

    /** An error shown as the page's alert. */
    Response error(String messageKey, Object... params) {
        return render(form(true, 0, MessageKeys.OTHER_WAY_HELPS.contains(messageKey), false).setError(messageKey, params));
    }

    /** An error tied to the code input (shown under it, announced by screen readers). */
    Response codeError(String messageKey, Object... params) {
        return render(form(true, 0, false, false).addError(new FormMessage(CODE_FIELD, messageKey, params)));
    }

    /** The user has no number an SMS can reach: no code input, no resend. */
    Response noPhone(String messageKey) {
        return render(form(false, 0, true, false).setError(messageKey));
    }

    /** The form with the model; {@code refusedWait} above 0: a resend was refused, that many seconds to wait. */
    private LoginFormsProvider form(boolean phoneUsable, int refusedWait, boolean suggestOtherWay, boolean resent) {
        String shown = switch (kind) {
            case PROOFLESS -> null;
            case SIGN_IN -> typed;
            default -> store.maskedPhone();
        };
        int wait = Math.max(refusedWait, store.sends().cooldownRemaining(now, config.resendCooldownSeconds()));
        CodePageModel model = new CodePageModel(shown == null ? "" : shown, store.hasCode(), phoneUsable, config.codeLength(),
            (config.codeTtlSeconds() + 59) / 60, wait, kind, refusedWait > 0, suggestOtherWay, trustDays, resent);
        return forms.get().setAttribute("sipgateSms", model);
    }

    private static Response render(LoginFormsProvider form) {
        return form.createForm(TEMPLATE);
    }
}
