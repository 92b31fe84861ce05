package io.github.sipgatesms.keycloak;

import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedMap;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.common.util.Time;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;

import io.github.sipgatesms.keycloak.code.CodeStore;
import io.github.sipgatesms.keycloak.code.OneTimeCode;
import io.github.sipgatesms.keycloak.config.ServerOptions;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;
import io.github.sipgatesms.keycloak.sms.SmsRateLimitedException;
import io.github.sipgatesms.keycloak.sms.SmsSendException;
import io.github.sipgatesms.keycloak.sms.SmsSenderSelector;

/**
 * The flow logic of the SMS step, after Keycloak's {@code OTPFormAuthenticator}: {@link #authenticate}
 * sends once per authentication session and renders; {@link #action} handles {@code resend} and
 * verifies the code. Re-entering the step (refresh, "page expired - continue") never sends by itself.
 */
final class SmsAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(SmsAuthenticator.class);
    static final String EVENT_PHONE = "sipgate_sms_phone";

    private final ServerOptions serverOptions;
    private final SmsSenderSelector senders;

    SmsAuthenticator(ServerOptions serverOptions, SmsSenderSelector senders) {
        this.serverOptions = serverOptions;
        this.senders = senders;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        SmsConfig config = SmsConfig.of(context.getAuthenticatorConfig(), serverOptions);
        CodeStore store = new CodeStore(context.getAuthenticationSession());
        long now = Time.currentTimeSeconds();
        CodePage page = new CodePage(context, config, store, now);
        if (store.wasSent()) {
            // re-entry (reload, "page expired - continue", back from "try another way") never sends by itself
            if (cameFromAuthenticatorSelection(context)) {
                // ASVS 2.7.3: choosing another way voids the code; the user can request a new one
                store.voidCode();
            }
            context.challenge(page.plain());
            return;
        }
        if (isLockedOut(context)) {
            // a locked-out account gets no SMS; action() refuses any code like a wrong one
            context.challenge(page.plain());
            return;
        }
        send(context, config, store, now);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        SmsConfig config = SmsConfig.of(context.getAuthenticatorConfig(), serverOptions);
        CodeStore store = new CodeStore(context.getAuthenticationSession());
        long now = Time.currentTimeSeconds();
        CodePage page = new CodePage(context, config, store, now);
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        UserModel user = context.getUser();

        if (form.containsKey(CodePage.RESEND_FIELD)) {
            resend(context, config, store, now, page);
            return;
        }
        String bruteForceError = AuthenticatorUtils.getDisabledByBruteForceEventError(context, user);
        if (bruteForceError != null) {
            // refused before the code is checked, with the wrong-code wording (no hint that the account is locked)
            context.getEvent().user(user).error(bruteForceError);
            context.forceChallenge(page.codeError(Messages.CODE_INVALID));
            return;
        }
        String entered = normalizeEntry(form.getFirst(CodePage.CODE_FIELD));
        if (entered.isEmpty()) {
            context.challenge(page.codeError(Messages.CODE_MISSING));
            return;
        }
        switch (store.verify(entered, now, config.codeTtlSeconds(), config.maxAttempts())) {
            case VALID:
                // OTP type: Keycloak then clears the user's OTP brute-force failure count
                context.success(OTPCredentialModel.TYPE);
                return;
            case WRONG:
                context.getEvent().user(user).error(Errors.INVALID_USER_CREDENTIALS);
                context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, page.codeError(Messages.CODE_INVALID));
                return;
            case WRONG_AND_VOID:
                context.getEvent().user(user).error(Errors.INVALID_USER_CREDENTIALS);
                context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, page.codeError(Messages.CODE_VOID));
                return;
            case EXPIRED:
                context.getEvent().user(user).error(Errors.EXPIRED_CODE);
                context.forceChallenge(page.codeError(Messages.CODE_EXPIRED));
                return;
            case NO_CODE:
            default:
                context.forceChallenge(page.error(Messages.NO_ACTIVE_CODE));
        }
    }

    private void resend(AuthenticationFlowContext context, SmsConfig config, CodeStore store, long now, CodePage page) {
        int wait = store.cooldownRemaining(now, config.resendCooldownSeconds());
        if (wait > 0) {
            context.challenge(page.error(Messages.RESEND_WAIT, wait));
            return;
        }
        if (isLockedOut(context)) {
            context.challenge(page.plain());
            return;
        }
        send(context, config, store, now);
    }

    /** Sends a new code (replacing any earlier one) and renders the page with the outcome. */
    private void send(AuthenticationFlowContext context, SmsConfig config, CodeStore store, long now) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        CodePage page = new CodePage(context, config, store, now);

        Optional<String> phone = usablePhone(user, config);
        if (phone.isEmpty()) {
            context.getEvent().user(user).error("sipgate_sms_no_phone");
            context.challenge(page.noPhone(Messages.NO_PHONE));
            return;
        }
        String e164 = phone.get();
        String masked = PhoneNumbers.mask(e164);
        String code = OneTimeCode.generate(config.codeLength());
        // every attempt counts for the cooldown, also one that fails: the SMS may still go out
        store.markSent(now);
        store.issue(code, now, masked);
        try {
            senders.select(session, config).send(e164, SmsText.forUser(session, realm, user, code, config.codeTtlSeconds()));
            LOG.debugf("sipgate-sms: code SMS accepted for user '%s' to %s", user.getId(), masked);
            context.challenge(page.plain());
        } catch (SmsSendException e) {
            store.voidCode();
            LOG.warnf("sipgate-sms: SMS for user '%s' to %s in realm '%s' not sent: %s",
                user.getId(), masked, realm.getName(), e.getMessage());
            context.getEvent().user(user).detail(EVENT_PHONE, masked).error(e.reason().eventError());
            String message = e instanceof SmsRateLimitedException ? Messages.SEND_LATER : Messages.SEND_FAILED;
            context.challenge(page.error(message));
        }
    }

    private static Optional<String> usablePhone(UserModel user, SmsConfig config) {
        String raw = user.getFirstAttribute(config.phoneAttribute());
        if (raw == null || raw.isBlank()) {
            LOG.warnf("sipgate-sms: user '%s' has no phone number in attribute '%s'; set one (declared in the user profile) "
                + "or use another second factor for this user.", user.getId(), config.phoneAttribute());
            return Optional.empty();
        }
        Optional<String> e164 = PhoneNumbers.toE164(raw, config.defaultRegion());
        if (e164.isEmpty()) {
            LOG.warnf("sipgate-sms: user '%s' has a value in attribute '%s' that is not a valid phone number; "
                + "store it as +<country code><number>.", user.getId(), config.phoneAttribute());
            return Optional.empty();
        }
        if (!config.allowedRegions().isEmpty()
            && !PhoneNumbers.regionOf(e164.get()).map(config.allowedRegions()::contains).orElse(false)) {
            LOG.warnf("sipgate-sms: user '%s' has a number (%s) outside allowedRegions %s; no SMS sent.",
                user.getId(), PhoneNumbers.mask(e164.get()), config.allowedRegions());
            return Optional.empty();
        }
        return e164;
    }

    /** Keycloak's "try another way" screen posts the chosen execution as {@code authenticationExecution}. */
    private static boolean cameFromAuthenticatorSelection(AuthenticationFlowContext context) {
        return context.getHttpRequest() != null
            && context.getHttpRequest().getDecodedFormParameters().containsKey("authenticationExecution");
    }

    private static boolean isLockedOut(AuthenticationFlowContext context) {
        return AuthenticatorUtils.getDisabledByBruteForceEventError(context, context.getUser()) != null;
    }

    /** Accepts what people type or paste: spaces and dashes between digits are dropped. */
    static String normalizeEntry(String raw) {
        return raw == null ? "" : raw.replaceAll("[\\s-]", "");
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        // The execution config (phoneAttribute) is not visible here, so users without a number reach
        // authenticate(), which tells them clearly instead of failing the flow with a generic error.
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // phone registration comes with the sipgate-sms-register-phone required action
    }

    @Override
    public void close() {
        // nothing held per request
    }
}
