package io.github.sipgatesms.keycloak;

import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;

import io.github.sipgatesms.keycloak.config.SettingsResolver;
import io.github.sipgatesms.keycloak.credential.UserNumber;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * The SMS step where nothing before it proved who is there: a password reset by SMS alone (Choose User, then the step;
 * {@link EarlierProof#proofless()}). Choose User leaves the user unset for an unknown or disabled account, and the step
 * runs anyway ({@link #requiresUser()} is false): every account - unknown, disabled, locked, without a usable number, with one - gets the same pages with
 * no digit of a number, the same answers to wrong codes and the same timing (the SMS goes out after the answer). Only
 * the enabled, unlocked holder of a usable number gets an SMS, and only a right code of an SMS that went out passes.
 * The factory hands out this step instead of {@link SmsAuthenticator} where the running login is such a context
 * ({@link SmsAuthenticatorFactory#create}). docs/flow.md, "Password reset by SMS alone".
 */
final class ProoflessCode implements Authenticator {

    private final SettingsResolver settings;
    private final CodeDelivery delivery;
    private final ProoflessFlows prooflessFlows;

    ProoflessCode(SettingsResolver settings, CodeDelivery delivery, ProoflessFlows prooflessFlows) {
        this.settings = settings;
        this.delivery = delivery;
        this.prooflessFlows = prooflessFlows;
    }

    private CodeExchange exchange(AuthenticationFlowContext context) {
        return CodeExchange.reset(context, settings.forStep(context), delivery);
    }

    /** The first run sends (alike); re-entering (reload, "page expired - continue") never sends by itself. */
    @Override
    public void authenticate(AuthenticationFlowContext context) {
        prooflessFlows.firstUse(context, EarlierProof.of(context.getSession(), context.getAuthenticationSession()));
        CodeExchange exchange = exchange(context);
        CodeStore store = exchange.store();
        if (store.sends().started()) {
            if (RaceFreeLoginForm.cameFromAuthenticatorSelection(context)) {
                store.voidCode();
            }
            context.challenge(exchange.plain());
            return;
        }
        store.sends().markStarted();
        context.challenge(exchange.sendAlike(target(exchange), false));
    }

    /** {@code resend} or a code, each answered alike for every account. */
    @Override
    public void action(AuthenticationFlowContext context) {
        CodeExchange exchange = exchange(context);
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey(CodePage.RESEND_FIELD)) {
            context.challenge(exchange.sendAlike(target(exchange), true));
            return;
        }
        CodeCheck.Result result = exchange.checkAlike(form.getFirst(CodePage.CODE_FIELD));
        if (result == CodeCheck.Result.ACCEPTED) {
            exchange.acceptedAtLogin();
            context.success(OTPCredentialModel.TYPE);
        } else {
            SmsAuthenticator.refused(context, exchange, result);
        }
    }

    /** The number an SMS may go to: the usable number of an enabled, unlocked user; otherwise null (no SMS, same page; also {@link PhoneSignIn}). */
    static String target(CodeExchange exchange) {
        UserModel user = exchange.user();
        if (user == null || !user.isEnabled()) {
            return null;
        }
        String lock = CodeCheck.lockedOut(exchange.session(), exchange.realm(), user);
        PhoneNumbers.Check phone = UserNumber.check(user, exchange.config());
        if (lock != null) {
            exchange.outcomes().locked(lock, phone.usable() ? PhoneNumbers.mask(phone.e164()) : "-");
            return null;
        }
        if (!phone.usable()) {
            exchange.outcomes().numberRefused(phone, null, false);
            return null;
        }
        return phone.e164();
    }

    /** False: an unknown or disabled account (no user set) is answered like every other. */
    @Override
    public boolean requiresUser() {
        return false;
    }

    /** Never asked (no user is required); a condition asking it gets the plain answer. */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return UserNumber.configured(user, settings.forRealm(session, realm));
    }

    /** Nothing to set up here: a reset never offers the number registration. */
    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // a proof-less context never binds a phone
    }

    @Override
    public void close() {
        // nothing held per request
    }
}
