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

    /**
     * What the template reads as {@code sipgateSms}: a bean with getters only (not a record, whose
     * accessor methods FreeMarker would see instead of the properties).
     */
    public static final class Model {
        private final String maskedPhone;
        private final boolean codeActive;
        private final boolean phoneUsable;
        private final int codeLength;
        private final int ttlMinutes;
        private final int resendWaitSeconds;
        private final boolean registration;
        private final boolean resendRefused;
        private final boolean suggestOtherWay;
        private final int trustBrowserDays;
        private final boolean proofless;

        Model(String maskedPhone, boolean codeActive, boolean phoneUsable, int codeLength, int ttlMinutes, int resendWaitSeconds,
              boolean registration, boolean resendRefused, boolean suggestOtherWay, int trustBrowserDays, boolean proofless) {
            this.maskedPhone = maskedPhone;
            this.codeActive = codeActive;
            this.phoneUsable = phoneUsable;
            this.codeLength = codeLength;
            this.ttlMinutes = ttlMinutes;
            this.resendWaitSeconds = resendWaitSeconds;
            this.registration = registration;
            this.resendRefused = resendRefused;
            this.suggestOtherWay = suggestOtherWay;
            this.trustBrowserDays = trustBrowserDays;
            this.proofless = proofless;
        }

        /** No proof preceded the step: the page is the same for every account and shows no digit of a number. */
        public boolean isProofless() {
            return proofless;
        }

        /** Above 0: the login page offers to trust this browser for that many days (never the registration). */
        public int getTrustBrowserDays() {
            return trustBrowserDays;
        }

        /** A resend inside the cooldown was refused: the resend hint is the page's one message about it. */
        public boolean isResendRefused() {
            return resendRefused;
        }

        /** The error is one another way to sign in helps with (the page says so when the flow offers one). */
        public boolean isSuggestOtherWay() {
            return suggestOtherWay;
        }

        /** The page proves a number being registered: it offers to change the number. */
        public boolean isRegistration() {
            return registration;
        }

        public String getMaskedPhone() {
            return maskedPhone;
        }

        public boolean isCodeActive() {
            return codeActive;
        }

        public boolean isPhoneUsable() {
            return phoneUsable;
        }

        public int getCodeLength() {
            return codeLength;
        }

        public int getTtlMinutes() {
            return ttlMinutes;
        }

        public int getResendWaitSeconds() {
            return resendWaitSeconds;
        }
    }

    private final Supplier<LoginFormsProvider> forms;
    private final SmsConfig config;
    private final CodeStore store;
    private final long now;
    private final boolean registration;
    private final int trustDays;
    private final boolean proofless;

    /** The code page of the login step; above 0, {@code trustDays} offers to trust this browser for that many days. */
    CodePage(Supplier<LoginFormsProvider> forms, SmsConfig config, CodeStore store, long now, int trustDays) {
        this(forms, config, store, now, false, trustDays, false);
    }

    private CodePage(Supplier<LoginFormsProvider> forms, SmsConfig config, CodeStore store, long now, boolean registration, int trustDays,
                     boolean proofless) {
        this.forms = forms;
        this.config = config;
        this.store = store;
        this.now = now;
        this.registration = registration;
        this.trustDays = trustDays;
        this.proofless = proofless;
    }

    /** The code page of the phone registration: proving a new number never offers to trust the browser. */
    static CodePage registration(Supplier<LoginFormsProvider> forms, SmsConfig config, CodeStore store, long now) {
        return new CodePage(forms, config, store, now, true, 0, false);
    }

    /** The code page where no proof preceded the step: one wording for every account, no digit of a number, no trust. */
    static CodePage proofless(Supplier<LoginFormsProvider> forms, SmsConfig config, CodeStore store, long now) {
        return new CodePage(forms, config, store, now, false, 0, true);
    }

    Response plain() {
        return render(form(true, 0, false));
    }

    /**
     * The page after a send: nothing more after the first SMS; "sent a new code to ..." (info) after a resend;
     * after a resend inside the cooldown only the resend hint, now saying to wait; otherwise the error as the alert.
     */
    Response afterSend(CodeDelivery.Result result, boolean resend) {
        if (result.sent()) {
            if (!resend) {
                return plain();
            }
            return render(proofless ? form(true, 0, false).setInfo(MessageKeys.PROOFLESS_RESENT)
                : form(true, 0, false).setInfo(MessageKeys.CODE_RESENT, store.maskedPhone()));
        }
        if (result.cooldownSeconds() > 0) {
            // the cooldown may be the user's (a new login soon after the last SMS), not this tab's
            return render(form(true, result.cooldownSeconds(), false));
        }
        return error(result.messageKey(), result.params());
    }

    /** An error shown as the page's alert. */
    Response error(String messageKey, Object... params) {
        return render(form(true, 0, MessageKeys.OTHER_WAY_HELPS.contains(messageKey)).setError(messageKey, params));
    }

    /** An error tied to the code input (shown under it, announced by screen readers). */
    Response codeError(String messageKey, Object... params) {
        return render(form(true, 0, false).addError(new FormMessage(CODE_FIELD, messageKey, params)));
    }

    /** The user has no number an SMS can reach: no code input, no resend. */
    Response noPhone(String messageKey) {
        return render(form(false, 0, true).setError(messageKey));
    }

    /** The form with the model; {@code refusedWait} above 0: a resend was refused, that many seconds to wait. */
    private LoginFormsProvider form(boolean phoneUsable, int refusedWait, boolean suggestOtherWay) {
        String masked = proofless ? null : store.maskedPhone();
        int wait = Math.max(refusedWait, store.cooldownRemaining(now, config.resendCooldownSeconds()));
        Model model = new Model(masked == null ? "" : masked, store.hasCode(), phoneUsable, config.codeLength(),
            (config.codeTtlSeconds() + 59) / 60, wait, registration, refusedWait > 0, suggestOtherWay, trustDays, proofless);
        return forms.get().setAttribute("sipgateSms", model);
    }

    private static Response render(LoginFormsProvider form) {
        return form.createForm(TEMPLATE);
    }
}
