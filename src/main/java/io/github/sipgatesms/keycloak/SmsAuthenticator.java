package io.github.sipgatesms.keycloak;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.github.sipgatesms.keycloak.code.CodeStore;
import io.github.sipgatesms.keycloak.config.SettingsResolver;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.credential.SmsCredentialProvider;
import io.github.sipgatesms.keycloak.credential.UserNumber;
import io.github.sipgatesms.keycloak.limits.SendLimits;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * The flow logic of the SMS step, after Keycloak's {@code OTPFormAuthenticator}: {@link #authenticate}
 * sends once per authentication session and renders; {@link #action} handles {@code resend} and
 * verifies the code. Re-entering the step (refresh, "page expired - continue") never sends by itself.
 * Its settings, {@link #configuredFor} and the number registration's come from one {@link SettingsResolver}.
 */
final class SmsAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(SmsAuthenticator.class);

    private final SettingsResolver settings;
    private final CodeDelivery delivery;
    private final ProoflessFlows prooflessFlows;

    SmsAuthenticator(SettingsResolver settings, CodeDelivery delivery, ProoflessFlows prooflessFlows) {
        this.settings = settings;
        this.delivery = delivery;
        this.prooflessFlows = prooflessFlows;
    }

    private SmsConfig settings(AuthenticationFlowContext context) {
        return settings.forExecution(context.getSession(), context.getRealm(), context.getAuthenticatorConfig(),
            context.getAuthenticationSession());
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        SmsConfig config = settings(context);
        CodeStore store = new CodeStore(context.getAuthenticationSession());
        long now = Time.currentTimeMillis() / 1000;
        EarlierProof proof = EarlierProof.of(context.getSession(), context.getAuthenticationSession());
        prooflessFlows.firstUse(context, proof);
        CodePage page = page(context, config, store, now, proof);
        if (store.started()) {
            // re-entry (reload, "page expired - continue", back from "try another way") never sends by itself
            if (cameFromAuthenticatorSelection(context)) {
                // ASVS 2.7.3: choosing another way voids the code; the user can request a new one
                store.voidCode();
            }
            PhoneNumbers.Check phone = UserNumber.check(context.getUser(), config);
            context.challenge(phone.usable() ? page.plain() : page.noPhone(noPhoneMessage(phone)));
            return;
        }
        if (BrowserTrust.skipsSms(context, config, proof)) {
            return;
        }
        store.markStarted();
        send(context, config, store, now, false, proof);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        SmsConfig config = settings(context);
        CodeStore store = new CodeStore(context.getAuthenticationSession());
        long now = Time.currentTimeMillis() / 1000;
        EarlierProof proof = EarlierProof.of(context.getSession(), context.getAuthenticationSession());
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey(CodePage.RESEND_FIELD)) {
            send(context, config, store, now, true, proof);
            return;
        }
        UserModel user = context.getUser();
        CodeCheck.Result result = CodeCheck.check(context.getSession(), context.getRealm(), user, context.getEvent(), store, config,
            form.getFirst(CodePage.CODE_FIELD), now, SendLimits.Purpose.LOGIN);
        if (result == CodeCheck.Result.ACCEPTED) {
            PhoneNumbers.Check phone = UserNumber.check(user, config);
            // proven is the exact number the code went to, if codes still go there (never a number that masks alike)
            String proven = phone.usable() && store.wentTo(phone.e164()) ? phone.e164() : null;
            if (proven != null && UserNumber.provisioned(user)) {
                // the administrator's number just got a right code: "Signing in" shows it from now on
                SmsCredentialProvider.showProvisioned(user, proven);
            }
            BrowserTrust.rememberIfAsked(context, config, proof, proven);
            context.getEvent().detail(SmsEvents.PHONE, store.maskedPhone()).detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_SENT)
                .detail(SmsEvents.SENT, Long.toString(store.sentCount()));
            // OTP type: Keycloak then clears the user's OTP brute-force failure count
            context.success(OTPCredentialModel.TYPE);
            return;
        }
        Response page = result.page(page(context, config, store, now, proof));
        if (result.wrong()) {
            // counted by Keycloak's brute-force detection (reference category otp)
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, page);
        } else if (result.forced()) {
            context.forceChallenge(page);
        } else {
            context.challenge(page);
        }
    }

    /**
     * Sends a new code (replacing any earlier one) and renders the page with the outcome. In order: the number
     * must be usable, the user not locked out, and every send limit must grant the SMS; only then is a code
     * issued and sent.
     */
    private void send(AuthenticationFlowContext context, SmsConfig config, CodeStore store, long now, boolean resend, EarlierProof proof) {
        UserModel user = context.getUser();
        CodePage page = page(context, config, store, now, proof);

        PhoneNumbers.Check phone = UserNumber.check(user, config);
        if (!phone.usable()) {
            NumberRefusal.record(context, config, phone, proof);
            context.challenge(page.noPhone(noPhoneMessage(phone)));
            return;
        }
        String e164 = phone.e164();
        if (CodeCheck.refusesSms(context.getSession(), context.getRealm(), user, SendLimits.Purpose.LOGIN)) {
            // a locked-out account gets no SMS; action() refuses any code like a wrong one
            LOG.debugf("sipgate-sms: no SMS for user '%s' to %s: the user is locked out", user.getId(), PhoneNumbers.mask(e164));
            context.challenge(page.plain());
            return;
        }
        CodeDelivery.Result result = delivery.deliver(context.getSession(), context.getRealm(), user, context.getEvent(), config, store, e164,
            SendLimits.Purpose.LOGIN, now);
        context.challenge(page.afterSend(result, resend));
    }

    private static String noPhoneMessage(PhoneNumbers.Check phone) {
        return phone.problem() == PhoneNumbers.Problem.MISSING ? Messages.NO_PHONE : Messages.PHONE_UNUSABLE;
    }

    private static CodePage page(AuthenticationFlowContext context, SmsConfig config, CodeStore store, long now, EarlierProof proof) {
        return new CodePage(() -> StepForm.of(context), config, store, now, BrowserTrust.offeredDays(config, proof));
    }

    /** Keycloak's "try another way" screen posts the chosen execution as {@code authenticationExecution}. */
    private static boolean cameFromAuthenticatorSelection(AuthenticationFlowContext context) {
        return context.getHttpRequest() != null
            && context.getHttpRequest().getDecodedFormParameters().containsKey("authenticationExecution");
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    /**
     * Like Keycloak's OTP form: configured when the user has a number, registered or in the resolved phone attribute,
     * usable or not. An unusable one shows the "number unusable" page instead of the registration (docs/security.md).
     * Where no earlier step of this login checked a credential, or in a reset ({@link EarlierProof}), a user without a
     * number counts as configured when Keycloak decides whether to run the step: it then shows "no number" instead of
     * Keycloak sending the user to the registration. A condition ("Condition - user configured") still gets the
     * plain answer, so a conditional sub-flow stays skipped for users without a number.
     */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        if (UserNumber.configured(user, settings.forFlow(session, realm, authSession))) {
            return true;
        }
        return authSession != null && !EarlierProof.of(session, authSession).allowsRegistration() && !KeycloakCondition.isAsking();
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
