package io.github.sipgatesms.keycloak.code;

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
    /** Checkbox "Don't ask again on this browser for N days" (where {@link TrustedBrowserStep#offeredDays} is above 0). */
    static final String TRUST_FIELD = "trust";
    /** Checkbox "Forget every other browser that skips this code" (shown with {@link #TRUST_FIELD}). */
    static final String FORGET_FIELD = "forget";

    private final Supplier<LoginFormsProvider> forms;
    private final SmsConfig config;
    private final CodeStore store;
    private final long now;
    private final Purpose purpose;
    private final int trustDays;
    private final boolean forgetOffered;
    /** The number as the user typed it (phone sign-in shows it back); otherwise null. */
    private final String typed;

    /**
     * The code page of a purpose; above 0, {@code trustDays} offers to trust this browser for that many days, and
     * {@code forgetOffered} also to forget the browsers trusted before.
     */
    CodePage(Supplier<LoginFormsProvider> forms, SmsConfig config, CodeStore store, long now, Purpose purpose, int trustDays,
             boolean forgetOffered, String typed) {
        this.forms = forms;
        this.config = config;
        this.store = store;
        this.now = now;
        this.purpose = purpose;
        this.trustDays = trustDays;
        this.forgetOffered = forgetOffered;
        this.typed = typed;
    }

    Response plain() {
        return render(form(true, 0, false, false, false));
    }

    /**
     * The page after a send: the instruction after the first SMS; after a resend the instruction says "we sent a new
     * code" instead (one message, no second alert); after a resend inside the cooldown only the resend hint, now saying
     * to wait; otherwise the error as the alert.
     */
    Response afterSend(SendResult result, boolean resend) {
        if (result.sent()) {
            return render(form(true, 0, false, resend, false));
        }
        if (result.cooldownSeconds() > 0) {
            // the cooldown may be the user's (a new login soon after the last SMS), not this tab's
            return render(form(true, result.cooldownSeconds(), false, false, false));
        }
        return error(result.messageKey(), result.params());
    }

    /** An error shown as the page's alert. */
    Response error(String messageKey, Object... params) {
        return render(form(true, 0, MessageKeys.OTHER_WAY_HELPS.contains(messageKey), false, MessageKeys.LIMIT_REACHED.equals(messageKey))
            .setError(messageKey, params));
    }

    /** The page after a checked code: its message at the code input or as the page's alert. */
    Response checked(CheckResult result) {
        return result.atField() ? codeError(result.messageKey()) : error(result.messageKey());
    }

    /** An error tied to the code input (shown under it, announced by screen readers). */
    Response codeError(String messageKey, Object... params) {
        return render(form(true, 0, false, false, false).addError(new FormMessage(CODE_FIELD, messageKey, params)));
    }

    /** The user has no number an SMS can reach: no code input, no resend. */
    Response noPhone(String messageKey) {
        return render(form(false, 0, true, false, false).setError(messageKey));
    }

    /** The form with the model; {@code refusedWait} above 0: a resend was refused, that many seconds to wait. */
    private LoginFormsProvider form(boolean phoneUsable, int refusedWait, boolean suggestOtherWay, boolean resent, boolean limited) {
        String shown = switch (purpose.shows()) {
            case NOTHING -> null;
            case TYPED_NUMBER -> typed;
            case MASKED_NUMBER -> store.maskedPhone();
        };
        int wait = Math.max(refusedWait, store.sends().cooldownRemaining(now, config.resendCooldownSeconds()));
        CodePageModel model = new CodePageModel(shown == null ? "" : shown, store.hasCode(), phoneUsable, config.codeLength(),
            (config.codeTtlSeconds() + 59) / 60, wait, purpose, refusedWait > 0, suggestOtherWay, trustDays, forgetOffered, resent, limited);
        return forms.get().setAttribute("sipgateSms", model);
    }

    private static Response render(LoginFormsProvider form) {
        return form.createForm(TEMPLATE);
    }
}
