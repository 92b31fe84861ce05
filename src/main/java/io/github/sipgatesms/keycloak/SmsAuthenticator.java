package io.github.sipgatesms.keycloak;

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
import io.github.sipgatesms.keycloak.limits.FailureBound;
import io.github.sipgatesms.keycloak.limits.SendLimits;
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
        if (store.started()) {
            // re-entry (reload, "page expired - continue", back from "try another way") never sends by itself
            if (cameFromAuthenticatorSelection(context)) {
                // ASVS 2.7.3: choosing another way voids the code; the user can request a new one
                store.voidCode();
            }
            boolean usable = phoneOf(context.getUser(), config).usable();
            context.challenge(usable ? page.plain() : page.noPhone(Messages.PHONE_UNUSABLE));
            return;
        }
        store.markStarted();
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
            send(context, config, store, now);
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
        FailureBound.Reservation check = failureBound(context).reserve();
        if (check == null) {
            // the per-user bound of consecutive wrong codes: refused unchecked, worded like a wrong code
            LOG.warnf("sipgate-sms: user '%s' in realm '%s' reached %d consecutive wrong codes; codes are refused for 24 hours "
                + "after the last one. Turn on the realm's brute-force detection to manage lockouts.",
                user.getId(), context.getRealm().getName(), FailureBound.MAX_CONSECUTIVE_FAILURES);
            context.getEvent().user(user).detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_FAILURE_BOUND).error(SmsEvents.ERROR_FAILURE_BOUND);
            context.forceChallenge(page.codeError(Messages.CODE_INVALID));
            return;
        }
        switch (store.verify(entered, now, config.codeTtlSeconds(), config.maxAttempts())) {
            case VALID:
                check.succeeded();
                context.getEvent().detail(SmsEvents.PHONE, store.maskedPhone()).detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_SENT)
                    .detail(SmsEvents.SENT, Long.toString(store.sentCount()));
                // OTP type: Keycloak then clears the user's OTP brute-force failure count
                context.success(OTPCredentialModel.TYPE);
                return;
            case WRONG:
                check.failed();
                context.getEvent().user(user).error(Errors.INVALID_USER_CREDENTIALS);
                context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, page.codeError(Messages.CODE_INVALID));
                return;
            case WRONG_AND_VOID:
                check.failed();
                context.getEvent().user(user).error(Errors.INVALID_USER_CREDENTIALS);
                context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, page.codeError(Messages.CODE_VOID));
                return;
            case EXPIRED:
                check.notCounted();
                context.getEvent().user(user).error(Errors.EXPIRED_CODE);
                context.forceChallenge(page.codeError(Messages.CODE_EXPIRED));
                return;
            case NO_CODE:
            default:
                check.notCounted();
                context.forceChallenge(page.error(Messages.NO_ACTIVE_CODE));
        }
    }

    /**
     * Sends a new code (replacing any earlier one) and renders the page with the outcome. In order: the number
     * must be usable, the user not locked out, and every send limit must grant the SMS; only then is a code
     * issued and sent.
     */
    private void send(AuthenticationFlowContext context, SmsConfig config, CodeStore store, long now) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        CodePage page = new CodePage(context, config, store, now);

        PhoneNumbers.Check phone = phoneOf(user, config);
        if (!phone.usable()) {
            refuseNumber(context, config, phone);
            context.challenge(page.noPhone(phone.problem() == PhoneNumbers.Problem.MISSING ? Messages.NO_PHONE : Messages.PHONE_UNUSABLE));
            return;
        }
        String e164 = phone.e164();
        String masked = PhoneNumbers.mask(e164);
        if (isLockedOut(context) || failureBound(context).reached()) {
            // a locked-out account gets no SMS; action() refuses any code like a wrong one
            LOG.debugf("sipgate-sms: no SMS for user '%s' to %s: the user is locked out", user.getId(), masked);
            context.challenge(page.plain());
            return;
        }
        SendLimits.Decision limits = new SendLimits(session.singleUseObjects(), realm.getId()).claim(user.getId(), e164, config, now);
        if (!limits.allowed()) {
            refuseByLimit(context, limits, masked, page);
            return;
        }
        String code = OneTimeCode.generate(config.codeLength());
        // every attempt counts, also one that fails: the SMS may still go out
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
            context.getEvent().user(user).detail(SmsEvents.PHONE, masked).detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_SIPGATE_ERROR)
                .detail(SmsEvents.STATUS, Integer.toString(e.status())).error(e.reason().eventError());
            String message = e instanceof SmsRateLimitedException ? Messages.SEND_LATER : Messages.SEND_FAILED;
            context.challenge(page.error(message));
        }
    }

    private static void refuseByLimit(AuthenticationFlowContext context, SendLimits.Decision limits, String masked, CodePage page) {
        UserModel user = context.getUser();
        if (limits.cooldownOnly()) {
            LOG.debugf("sipgate-sms: no SMS for user '%s' to %s: cooldown, %d s left", user.getId(), masked, limits.waitSeconds());
        } else {
            LOG.warnf("sipgate-sms: no SMS for user '%s' to %s in realm '%s': limit %s reached, next SMS possible in %d s. "
                + "Many of these may mean SMS pumping; raise the max-SMS settings only if the traffic is legitimate.",
                user.getId(), masked, context.getRealm().getName(), limits.eventValue(), limits.waitSeconds());
        }
        context.getEvent().user(user).detail(SmsEvents.PHONE, masked).detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_LIMIT)
            .detail(SmsEvents.LIMIT, limits.eventValue()).error(SmsEvents.ERROR_LIMIT);
        // one wording whichever hourly limit fired: the page never tells per-user from per-number or realm limits
        context.challenge(limits.cooldownOnly()
            ? page.error(Messages.RESEND_WAIT, limits.waitSeconds())
            : page.error(Messages.LIMIT_REACHED, limits.waitMinutesRounded()));
    }

    private static PhoneNumbers.Check phoneOf(UserModel user, SmsConfig config) {
        return PhoneNumbers.check(user.getFirstAttribute(config.phoneAttribute()), config.defaultRegion(), config.allowedRegions());
    }

    private static void refuseNumber(AuthenticationFlowContext context, SmsConfig config, PhoneNumbers.Check phone) {
        UserModel user = context.getUser();
        String attribute = config.phoneAttribute();
        switch (phone.problem()) {
            case MISSING:
                LOG.warnf("sipgate-sms: user '%s' has no phone number in attribute '%s'; set one (declared in the user profile) "
                    + "or use another second factor for this user.", user.getId(), attribute);
                context.getEvent().user(user).detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_NO_PHONE).error(SmsEvents.ERROR_NO_PHONE);
                return;
            case INVALID:
                LOG.warnf("sipgate-sms: user '%s' has a value in attribute '%s' that is not a valid phone number; "
                    + "store a mobile number as +<country code><number>. No SMS sent.", user.getId(), attribute);
                break;
            case NOT_MOBILE:
                LOG.warnf("sipgate-sms: user '%s' has a %s number of region %s in attribute '%s'; SMS codes go to mobile numbers only. "
                    + "No SMS sent.", user.getId(), phone.type(), phone.region(), attribute);
                break;
            case REGION_NOT_ALLOWED:
            default:
                LOG.warnf("sipgate-sms: user '%s' has a number of region %s, outside allowedRegions %s; no SMS sent.",
                    user.getId(), phone.region(), config.allowedRegions());
                break;
        }
        context.getEvent().user(user).detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_INVALID_NUMBER)
            .detail(SmsEvents.NUMBER_PROBLEM, phone.problem().name().toLowerCase(java.util.Locale.ROOT))
            .detail(SmsEvents.NUMBER_TYPE, phone.type() == null ? "unknown" : phone.type().toLowerCase(java.util.Locale.ROOT))
            .error(SmsEvents.ERROR_INVALID_NUMBER);
    }

    private static FailureBound failureBound(AuthenticationFlowContext context) {
        return new FailureBound(context.getSession().singleUseObjects(), context.getRealm().getId(), context.getUser().getId());
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
