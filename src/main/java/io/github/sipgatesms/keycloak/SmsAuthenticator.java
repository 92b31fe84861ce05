package io.github.sipgatesms.keycloak;

import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.github.sipgatesms.keycloak.config.SettingsResolver;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.credential.SmsCredentialProvider;
import io.github.sipgatesms.keycloak.credential.UserNumber;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * The SMS step, in the shape of Keycloak's {@code OTPFormAuthenticator}: it reads the request, asks the
 * {@link CodeExchange} and calls {@code challenge} / {@code failureChallenge} / {@code success}. {@link #authenticate}
 * sends once per authentication session; {@link #action} handles {@code resend} and the code. Re-entering the step
 * (refresh, "page expired - continue") never sends by itself. Settings: the realm SMS policy ({@link SettingsResolver}).
 */
final class SmsAuthenticator implements Authenticator {

    private final SettingsResolver settings;
    private final CodeDelivery delivery;
    private final ProoflessFlows prooflessFlows;

    SmsAuthenticator(SettingsResolver settings, CodeDelivery delivery, ProoflessFlows prooflessFlows) {
        this.settings = settings;
        this.delivery = delivery;
        this.prooflessFlows = prooflessFlows;
    }

    /** The request's exchange, with the realm SMS policy ({@link SettingsResolver#forStep}). */
    private CodeExchange exchange(AuthenticationFlowContext context, EarlierProof proof) {
        SmsConfig config = settings.forStep(context);
        return CodeExchange.login(context, config, TrustedBrowserStep.offeredDays(config, proof), delivery);
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        EarlierProof proof = EarlierProof.of(context.getSession(), context.getAuthenticationSession());
        CodeExchange exchange = exchange(context, proof);
        prooflessFlows.firstUse(context, proof);
        if (exchange.store().sends().started()) {
            // re-entry (reload, "page expired - continue", back from "try another way") never sends by itself
            if (RaceFreeLoginForm.cameFromAuthenticatorSelection(context)) {
                // ASVS 2.7.3: choosing another way voids the code; the user can request a new one
                exchange.store().voidCode();
            }
            PhoneNumbers.Check phone = UserNumber.check(context.getUser(), exchange.config());
            context.challenge(phone.usable() ? exchange.plain() : exchange.noPhone(phone));
            return;
        }
        if (TrustedBrowserStep.skipsSms(context, exchange, proof)) {
            return;
        }
        exchange.store().sends().markStarted();
        send(context, exchange, proof, false);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        EarlierProof proof = EarlierProof.of(context.getSession(), context.getAuthenticationSession());
        CodeExchange exchange = exchange(context, proof);
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey(CodePage.RESEND_FIELD)) {
            send(context, exchange, proof, true);
            return;
        }
        CodeCheck.Result result = exchange.check(form.getFirst(CodePage.CODE_FIELD));
        if (result == CodeCheck.Result.ACCEPTED) {
            TrustedBrowserStep.rememberIfAsked(context, exchange, proof, exchange.acceptedAtLogin());
            // OTP type: Keycloak then clears the user's OTP brute-force failure count
            context.success(OTPCredentialModel.TYPE);
        } else {
            refused(context, exchange, result);
        }
    }

    /** The code page after a refused entry; a wrong code counts for Keycloak's brute-force detection (category otp). */
    static void refused(AuthenticationFlowContext context, CodeExchange exchange, CodeCheck.Result result) {
        if (result.wrong()) {
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, exchange.page(result));
        } else if (result.forced()) {
            context.forceChallenge(exchange.page(result));
        } else {
            context.challenge(exchange.page(result));
        }
    }

    /** Sends to the user's number when it is usable; otherwise "no number" or "number unusable" with the admin's WARN. */
    private static void send(AuthenticationFlowContext context, CodeExchange exchange, EarlierProof proof, boolean resend) {
        PhoneNumbers.Check phone = UserNumber.check(context.getUser(), exchange.config());
        if (!phone.usable()) {
            NumberRefusal.record(context, exchange, phone, proof);
            context.challenge(exchange.noPhone(phone));
            return;
        }
        context.challenge(exchange.send(phone.e164(), resend));
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    /**
     * Like Keycloak's OTP form: configured when the user has a number (registered or in the phone attribute, usable or
     * not). Where {@link EarlierProof} allows no registration, a user without one counts as configured too, so the step
     * shows "no number"; a condition ("Condition - user configured") still gets the plain answer.
     */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        if (UserNumber.configured(user, settings.forRealm(session, realm))) {
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
