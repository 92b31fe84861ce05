package io.github.sipgatesms.keycloak;

import java.util.Map;
import java.util.function.BiConsumer;

import jakarta.ws.rs.core.MultivaluedMap;

import org.jboss.logging.Logger;
import org.keycloak.authentication.CredentialRegistrator;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.github.sipgatesms.keycloak.code.CodeStore;
import io.github.sipgatesms.keycloak.config.SettingsResolver;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.credential.SmsCredentialModel;
import io.github.sipgatesms.keycloak.credential.SmsCredentialProvider;
import io.github.sipgatesms.keycloak.credential.UserNumber;
import io.github.sipgatesms.keycloak.limits.SendLimits;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * Required action {@code sipgate-sms-register-phone}: the user enters a number ({@code phone}), proves it with an SMS
 * code on the code page ({@code code}, {@code resend}, or {@code change} to correct the number), and only then is it
 * stored, as a {@code sipgate-sms} credential replacing any earlier one. The settings (credentials, regions, code
 * rules, limits) are the SMS step's, resolved for the flow being run; the code is checked by the step's own
 * {@link CodeCheck}. Whenever the number codes go to changes, the user is e-mailed (when the realm has SMTP).
 */
final class RegisterPhoneAction implements RequiredActionProvider, CredentialRegistrator {

    private static final Logger LOG = Logger.getLogger(RegisterPhoneAction.class);
        static final String CHANGE_FIELD = "change";
    /** Auth note: the number being proved (E.164), until the code is right. */
    static final String PENDING = "sipgate-sms.register.phone";

    private final SettingsResolver settings;
    private final CodeDelivery delivery;
    private final BiConsumer<RealmModel, Map<String, String>> ignoredConfig;

    RegisterPhoneAction(SettingsResolver settings, CodeDelivery delivery, BiConsumer<RealmModel, Map<String, String>> ignoredConfig) {
        this.settings = settings;
        this.delivery = delivery;
        this.ignoredConfig = ignoredConfig;
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
        SmsConfig config = config(context);
        CodeStore store = new CodeStore(context.getAuthenticationSession());
        if (context.getAuthenticationSession().getAuthNote(PENDING) != null) {
            context.challenge(codePage(context, config, store).plain());
        } else {
            context.challenge(PhoneEntryPage.create(context.form(), config, null, null));
        }
    }

    @Override
    public void processAction(RequiredActionContext context) {
        SmsConfig config = config(context);
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        CodeStore store = new CodeStore(authSession);
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        long now = Time.currentTimeMillis() / 1000;

        if (form.containsKey(CHANGE_FIELD)) {
            authSession.removeAuthNote(PENDING);
            store.voidCode();
            context.challenge(PhoneEntryPage.create(context.form(), config, null, null));
            return;
        }
        if (form.containsKey(PhoneEntryPage.PHONE_FIELD)) {
            submitNumber(context, config, store, form.getFirst(PhoneEntryPage.PHONE_FIELD), now);
            return;
        }
        String pending = authSession.getAuthNote(PENDING);
        if (pending == null) {
            context.challenge(PhoneEntryPage.create(context.form(), config, null, null));
            return;
        }
        if (form.containsKey(CodePage.RESEND_FIELD)) {
            send(context, config, store, pending, now, true);
            return;
        }
        CodeCheck.Result result = CodeCheck.check(context.getSession(), context.getRealm(), context.getUser(), context.getEvent(),
            store, config, form.getFirst(CodePage.CODE_FIELD), now, SendLimits.Purpose.REGISTRATION);
        if (result == CodeCheck.Result.ACCEPTED) {
            bind(context, config, pending);
            context.success();
            return;
        }
        // RequiredActionContext has no failureChallenge (an authenticator-only SPI method): a wrong code here is an
        // event error and counts for the failure bound, but not for Keycloak's brute-force detection
        context.challenge(result.page(codePage(context, config, store)));
    }

    private void submitNumber(RequiredActionContext context, SmsConfig config, CodeStore store, String raw, long now) {
        PhoneNumbers.Check check = PhoneNumbers.check(raw, config.defaultRegion(), config.allowedRegions());
        if (!check.usable()) {
            LOG.debugf("sipgate-sms: user '%s' entered a number that cannot get codes (%s, type %s, region %s)",
                context.getUser().getId(), check.problem(), check.type(), check.region());
            SmsEvents.invalidNumber(context.getSession(), context.getRealm(), SendLimits.Purpose.REGISTRATION, context.getEvent(), check);
            context.challenge(PhoneEntryPage.create(context.form(), config, raw, Messages.PHONE_INVALID));
            return;
        }
        context.getAuthenticationSession().setAuthNote(PENDING, check.e164());
        store.voidCode();
        send(context, config, store, check.e164(), now, false);
    }

    private void send(RequiredActionContext context, SmsConfig config, CodeStore store, String e164, long now, boolean resend) {
        CodePage page = codePage(context, config, store);
        if (CodeCheck.refusesSms(context.getSession(), context.getRealm(), context.getUser(), SendLimits.Purpose.REGISTRATION)) {
            context.challenge(page.plain());
            return;
        }
        CodeDelivery.Result result = delivery.deliver(context.getSession(), context.getRealm(), context.getUser(), context.getEvent(),
            config, store, e164, SendLimits.Purpose.REGISTRATION, now);
        context.challenge(page.afterSend(result, resend));
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

    private SmsConfig config(RequiredActionContext context) {
        if (context.getConfig() != null && context.getConfig().getConfig() != null) {
            ignoredConfig.accept(context.getRealm(), context.getConfig().getConfig());
        }
        return settings.forFlow(context.getSession(), context.getRealm(), context.getAuthenticationSession());
    }

    private static CodePage codePage(RequiredActionContext context, SmsConfig config, CodeStore store) {
        return CodePage.registration(context::form, config, store, Time.currentTimeMillis() / 1000);
    }

    @Override
    public void close() {
        // nothing held per request
    }
}
