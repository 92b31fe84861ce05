package io.github.sipgatesms.keycloak;

import jakarta.ws.rs.core.MultivaluedMap;

import org.jboss.logging.Logger;
import org.keycloak.authentication.CredentialRegistrator;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.github.sipgatesms.keycloak.config.SettingsResolver;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.credential.SmsCredentialModel;
import io.github.sipgatesms.keycloak.credential.SmsCredentialProvider;
import io.github.sipgatesms.keycloak.credential.UserNumber;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * Required action {@code sipgate-sms-register-phone}: the user enters a number ({@code phone}), proves it with an SMS
 * code on the code page ({@code code}, {@code resend}, or {@code change} to correct the number), and only then is it
 * stored, as a {@code sipgate-sms} credential replacing any earlier one. Like the step it reads the request and asks
 * the {@link CodeExchange} (the realm SMS policy, one send and one check). Whenever the number codes go to changes,
 * the user is e-mailed (when the realm has SMTP).
 */
final class RegisterPhoneAction implements RequiredActionProvider, CredentialRegistrator {

    private static final Logger LOG = Logger.getLogger(RegisterPhoneAction.class);
    static final String CHANGE_FIELD = "change";
    /** Auth note: the number being proved (E.164), until the code is right. */
    static final String PENDING = "sipgate-sms.register.phone";

    private final SettingsResolver settings;
    private final CodeDelivery delivery;

    RegisterPhoneAction(SettingsResolver settings, CodeDelivery delivery) {
        this.settings = settings;
        this.delivery = delivery;
    }

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public String getCredentialType(KeycloakSession session, AuthenticationSessionModel authenticationSession) {
        return SmsCredentialModel.TYPE;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        // added by the login step (REQUIRED execution, user without a number), by an administrator, or kc_action
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        CodeExchange exchange = exchange(context);
        boolean pending = context.getAuthenticationSession().getAuthNote(PENDING) != null;
        context.challenge(pending ? exchange.plain() : PhoneEntryPage.create(context.form(), exchange.config(), null, null));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        CodeExchange exchange = exchange(context);
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String pending = authSession.getAuthNote(PENDING);
        if (form.containsKey(CHANGE_FIELD)) {
            authSession.removeAuthNote(PENDING);
            exchange.store().voidCode();
            context.challenge(PhoneEntryPage.create(context.form(), exchange.config(), null, null));
        } else if (pending == null && !form.containsKey(PhoneEntryPage.PHONE_FIELD)) {
            context.challenge(PhoneEntryPage.create(context.form(), exchange.config(), null, null));
        } else if (form.containsKey(PhoneEntryPage.PHONE_FIELD)) {
            String raw = form.getFirst(PhoneEntryPage.PHONE_FIELD);
            SmsConfig config = exchange.config();
            PhoneNumbers.Check check = PhoneNumbers.check(raw, config.defaultRegion(), config.allowedRegions());
            if (!check.usable()) {
                exchange.outcomes().numberRefused(check, null, false);
                context.challenge(PhoneEntryPage.create(context.form(), config, raw, MessageKeys.PHONE_INVALID));
                return;
            }
            authSession.setAuthNote(PENDING, check.e164());
            exchange.store().voidCode();
            context.challenge(exchange.send(check.e164(), false));
        } else if (form.containsKey(CodePage.RESEND_FIELD)) {
            context.challenge(exchange.send(pending, true));
        } else {
            CodeCheck.Result result = exchange.check(form.getFirst(CodePage.CODE_FIELD));
            if (result == CodeCheck.Result.ACCEPTED && exchange.proven(pending) != null) {
                bind(context, exchange.config(), pending);
                context.success();
                return;
            }
            // RequiredActionContext has no failureChallenge (an authenticator-only SPI method): a wrong code here is an
            // event error and counts for the failure bound, but not for Keycloak's brute-force detection
            context.challenge(exchange.page(result == CodeCheck.Result.ACCEPTED ? CodeCheck.Result.NO_CODE : result));
        }
    }

    /** Stores the proved number as the user's only sipgate-sms credential; a change of the number codes go to is e-mailed. */
    private static void bind(RequiredActionContext context, SmsConfig config, String e164) {
        UserModel user = context.getUser();
        String before = UserNumber.current(user, config);
        SmsCredentialProvider.register(user, e164);
        context.getAuthenticationSession().removeAuthNote(PENDING);
        String masked = PhoneNumbers.mask(e164);
        context.getEvent().detail(SmsEvents.PHONE, masked).detail("credential_type", SmsCredentialModel.TYPE);
        boolean changed = before != null && !before.equals(e164);
        LOG.debugf("sipgate-sms: user '%s' %s the number %s", user.getId(), changed ? "changed to" : "registered", masked);
        if (changed) {
            PhoneChangeNotice.send(context.getSession(), context.getRealm(), user, masked);
        }
    }

    /** The request's exchange, with the realm SMS policy (an action config of the previous release is named and ignored). */
    private CodeExchange exchange(RequiredActionContext context) {
        if (context.getConfig() != null) {
            settings.ignored(context.getRealm(), "the config of the required action '" + SmsCredentialProvider.REGISTER_ACTION + "'",
                context.getConfig().getConfig());
        }
        return CodeExchange.registration(context, settings.forRealm(context.getSession(), context.getRealm()), delivery);
    }

    @Override
    public void close() {
        // nothing held per request
    }
}
