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
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;

import io.github.sipgatesms.keycloak.code.CodeStore;
import io.github.sipgatesms.keycloak.config.ServerOptions;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.credential.SmsCredentialProvider;
import io.github.sipgatesms.keycloak.limits.FailureBound;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;
import io.github.sipgatesms.keycloak.sms.SmsSenderSelector;

/**
 * The flow logic of the SMS step, after Keycloak's {@code OTPFormAuthenticator}: {@link #authenticate}
 * sends once per authentication session and renders; {@link #action} handles {@code resend} and
 * verifies the code. Re-entering the step (refresh, "page expired - continue") never sends by itself.
 */
final class SmsAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(SmsAuthenticator.class);

    private final ServerOptions serverOptions;
    private final CodeDelivery delivery;

    private final SmsConfig serverDefaults;

    SmsAuthenticator(ServerOptions serverOptions, SmsConfig serverDefaults, SmsSenderSelector senders) {
        this.serverOptions = serverOptions;
        this.serverDefaults = serverDefaults;
        this.delivery = new CodeDelivery(senders);
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        SmsConfig config = SmsConfig.of(context.getAuthenticatorConfig(), serverOptions);
        CodeStore store = new CodeStore(context.getAuthenticationSession());
        long now = Time.currentTimeMillis() / 1000;
        CodePage page = new CodePage(context::form, config, store, now);
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
        long now = Time.currentTimeMillis() / 1000;
        CodePage page = new CodePage(context::form, config, store, now);
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
        CodePage page = new CodePage(context::form, config, store, now);

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
        CodeDelivery.Result result = delivery.deliver(session, realm, user, context.getEvent(), config, store, e164, now);
        context.challenge(result.sent() ? page.plain() : page.error(result.messageKey(), result.params()));
    }

    /**
     * The number codes go to: the one the user registered and proved (credential {@code sipgate-sms}), otherwise the
     * administrator-provisioned one in {@code phoneAttribute} (e.g. synced from LDAP), which counts as verified.
     */
    private static PhoneNumbers.Check phoneOf(UserModel user, SmsConfig config) {
        String raw = SmsCredentialProvider.registeredNumber(user).orElseGet(() -> user.getFirstAttribute(config.phoneAttribute()));
        return PhoneNumbers.check(raw, config.defaultRegion(), config.allowedRegions());
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
        SmsEvents.invalidNumber(context.getEvent().user(user), phone);
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
        // like Keycloak's OTP form: only users with a number that can get codes. The execution config is not visible
        // here: the attribute name and default region come from the server options or the defaults.
        return phoneOf(user, serverDefaults).usable();
    }

    @Override
    public boolean areRequiredActionsEnabled(KeycloakSession session, RealmModel realm) {
        RequiredActionProviderModel action = realm.getRequiredActionProviderByAlias(SmsCredentialProvider.REGISTER_ACTION);
        return action != null && action.isEnabled();
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        if (areRequiredActionsEnabled(session, realm)) {
            user.addRequiredAction(SmsCredentialProvider.REGISTER_ACTION);
        }
    }

    @Override
    public void close() {
        // nothing held per request
    }
}
