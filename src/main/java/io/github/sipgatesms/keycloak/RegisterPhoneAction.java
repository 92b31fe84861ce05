package io.github.sipgatesms.keycloak;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.authentication.CredentialRegistrator;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.github.sipgatesms.keycloak.code.CodeStore;
import io.github.sipgatesms.keycloak.config.ServerOptions;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.credential.SmsCredentialModel;
import io.github.sipgatesms.keycloak.credential.SmsCredentialProvider;
import io.github.sipgatesms.keycloak.limits.FailureBound;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * Required action {@code sipgate-sms-register-phone}: the user enters a number ({@code phone}), proves it with an SMS
 * code on the code page ({@code code}, {@code resend}, or {@code change} to correct the number), and only then is it
 * stored, as a {@code sipgate-sms} credential replacing any earlier one. Same code rules, limits, number checks and
 * failure bound as the login step. A change of number is e-mailed to the user when the realm has SMTP.
 */
final class RegisterPhoneAction implements RequiredActionProvider, CredentialRegistrator {

    private static final Logger LOG = Logger.getLogger(RegisterPhoneAction.class);
    static final String TEMPLATE = "sipgate-sms-register-phone.ftl";
    static final String PHONE_FIELD = "phone";
    static final String CHANGE_FIELD = "change";
    /** Auth note: the number being proved (E.164), until the code is right. */
    static final String PENDING = "sipgate-sms.register.phone";

    private final ServerOptions serverOptions;
    private final CodeDelivery delivery;

    RegisterPhoneAction(ServerOptions serverOptions, CodeDelivery delivery) {
        this.serverOptions = serverOptions;
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
        SmsConfig config = config(context);
        CodeStore store = new CodeStore(context.getAuthenticationSession());
        if (context.getAuthenticationSession().getAuthNote(PENDING) != null) {
            context.challenge(codePage(context, config, store).plain());
        } else {
            context.challenge(phonePage(context, config, null, null));
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
            context.challenge(phonePage(context, config, null, null));
            return;
        }
        if (form.containsKey(PHONE_FIELD)) {
            submitNumber(context, config, store, form.getFirst(PHONE_FIELD), now);
            return;
        }
        String pending = authSession.getAuthNote(PENDING);
        if (pending == null) {
            context.challenge(phonePage(context, config, null, null));
            return;
        }
        if (form.containsKey(CodePage.RESEND_FIELD)) {
            send(context, config, store, pending, now);
            return;
        }
        verify(context, config, store, pending, SmsAuthenticator.normalizeEntry(form.getFirst(CodePage.CODE_FIELD)), now);
    }

    private void submitNumber(RequiredActionContext context, SmsConfig config, CodeStore store, String raw, long now) {
        PhoneNumbers.Check check = PhoneNumbers.check(raw, config.defaultRegion(), config.allowedRegions());
        if (!check.usable()) {
            LOG.debugf("sipgate-sms: user '%s' entered a number that cannot get codes (%s, type %s, region %s)",
                context.getUser().getId(), check.problem(), check.type(), check.region());
            SmsEvents.invalidNumber(context.getEvent(), check);
            context.challenge(phonePage(context, config, raw, Messages.PHONE_INVALID));
            return;
        }
        context.getAuthenticationSession().setAuthNote(PENDING, check.e164());
        store.voidCode();
        send(context, config, store, check.e164(), now);
    }

    private void send(RequiredActionContext context, SmsConfig config, CodeStore store, String e164, long now) {
        CodePage page = codePage(context, config, store);
        FailureBound bound = new FailureBound(context.getSession().singleUseObjects(), context.getRealm().getId(), context.getUser().getId());
        if (bound.reached()) {
            context.challenge(page.plain());
            return;
        }
        CodeDelivery.Result result = delivery.deliver(context.getSession(), context.getRealm(), context.getUser(), context.getEvent(),
            config, store, e164, now);
        context.challenge(result.sent() ? page.plain() : page.error(result.messageKey(), result.params()));
    }

    private void verify(RequiredActionContext context, SmsConfig config, CodeStore store, String pending, String entered, long now) {
        CodePage page = codePage(context, config, store);
        if (entered.isEmpty()) {
            context.challenge(page.codeError(Messages.CODE_MISSING));
            return;
        }
        UserModel user = context.getUser();
        FailureBound.Reservation check = new FailureBound(context.getSession().singleUseObjects(), context.getRealm().getId(), user.getId())
            .reserve();
        if (check == null) {
            context.getEvent().detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_FAILURE_BOUND).error(SmsEvents.ERROR_FAILURE_BOUND);
            context.challenge(page.codeError(Messages.CODE_INVALID));
            return;
        }
        switch (store.verify(entered, now, config.codeTtlSeconds(), config.maxAttempts())) {
            case VALID:
                check.succeeded();
                bind(context, pending);
                context.success();
                return;
            case WRONG:
            case WRONG_AND_VOID:
                check.failed();
                context.getEvent().error(Errors.INVALID_USER_CREDENTIALS);
                context.challenge(page.codeError(store.hasCode() ? Messages.CODE_INVALID : Messages.CODE_VOID));
                return;
            case EXPIRED:
                check.notCounted();
                context.challenge(page.codeError(Messages.CODE_EXPIRED));
                return;
            case NO_CODE:
            default:
                check.notCounted();
                context.challenge(page.error(Messages.NO_ACTIVE_CODE));
        }
    }

    /** Stores the proved number as the user's only sipgate-sms credential; a replaced number is e-mailed about. */
    private static void bind(RequiredActionContext context, String e164) {
        UserModel user = context.getUser();
        RealmModel realm = context.getRealm();
        boolean replacing = user.credentialManager().getStoredCredentialsByTypeStream(SmsCredentialModel.TYPE)
            .map(CredentialModel::getId).toList().stream()
            .map(id -> user.credentialManager().removeStoredCredentialById(id))
            .reduce(false, (a, b) -> a || b);
        SmsCredentialProvider provider = (SmsCredentialProvider) context.getSession()
            .getProvider(org.keycloak.credential.CredentialProvider.class, SmsCredentialModel.TYPE);
        provider.createCredential(realm, user, SmsCredentialModel.create(e164));
        context.getAuthenticationSession().removeAuthNote(PENDING);
        String masked = PhoneNumbers.mask(e164);
        context.getEvent().detail(SmsEvents.PHONE, masked).detail("credential_type", SmsCredentialModel.TYPE);
        LOG.debugf("sipgate-sms: user '%s' %s the number %s", user.getId(), replacing ? "changed to" : "registered", masked);
        if (replacing) {
            PhoneChangeNotice.send(context.getSession(), realm, user, masked);
        }
    }

    private SmsConfig config(RequiredActionContext context) {
        return SmsConfig.of(context.getConfig() == null ? null : context.getConfig().getConfig(), serverOptions);
    }

    private static CodePage codePage(RequiredActionContext context, SmsConfig config, CodeStore store) {
        return new CodePage(context::form, config, store, Time.currentTimeMillis() / 1000, true);
    }

    private static Response phonePage(RequiredActionContext context, SmsConfig config, String entered, String errorKey) {
        LoginFormsProvider form = context.form()
            .setAttribute("sipgateSmsRegister", new RegisterModel(entered == null ? "" : entered, config.defaultRegion(),
                PhoneNumbers.exampleFor(config.defaultRegion())));
        if (errorKey != null) {
            form.addError(new FormMessage(PHONE_FIELD, errorKey));
        }
        return form.createForm(TEMPLATE);
    }

    /** What the registration template reads as {@code sipgateSmsRegister} (a bean: FreeMarker reads getters). */
    public static final class RegisterModel {
        private final String entered;
        private final String region;
        private final String example;

        RegisterModel(String entered, String region, String example) {
            this.entered = entered;
            this.region = region;
            this.example = example;
        }

        public String getEntered() {
            return entered;
        }

        public String getRegion() {
            return region;
        }

        public String getExample() {
            return example;
        }
    }

    @Override
    public void close() {
        // nothing held per request
    }
}
