package io.github.sipgatesms.keycloak;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import io.github.sipgatesms.keycloak.code.Codes;
import io.github.sipgatesms.keycloak.config.ServerOptions;
import io.github.sipgatesms.keycloak.config.Setting;
import io.github.sipgatesms.keycloak.config.SettingsResolver;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.credential.SmsCredentialModel;
import io.github.sipgatesms.keycloak.metrics.SmsMetrics;
import io.github.sipgatesms.keycloak.sms.SmsSenders;

/**
 * SPI entry point of the {@code sipgate-sms} authenticator: metadata, and the composition root of the node: it reads the
 * server options and makes the settings resolution, the senders (deadline timer, send bound), the meters and the maker of
 * code exchanges once; the other SPI entry points take them from here ({@link #from}, {@link #codes()}).
 */
public final class SmsAuthenticatorFactory implements AuthenticatorFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = SettingsResolver.PROVIDER_ID;

    /** Never CONDITIONAL: that requirement is for conditions, which decide a sub-flow. */
    private static final Requirement[] REQUIREMENTS = {Requirement.REQUIRED, Requirement.ALTERNATIVE, Requirement.DISABLED};

    private SettingsResolver settings = new SettingsResolver(ServerOptions.NONE);
    private SmsSenders senders;
    private Codes codes;

    /** The authenticator factory of this node, for the other providers of the extension to share its wiring. */
    public static SmsAuthenticatorFactory from(KeycloakSessionFactory factory) {
        return (SmsAuthenticatorFactory) factory.getProviderFactory(Authenticator.class, PROVIDER_ID);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void init(Config.Scope config) {
        settings = new SettingsResolver(ServerOptions.from(config));
        // one daemon thread that only aborts sipgate requests past their deadline, one bound of sends for the node
        int maxConcurrentSends = settings.serverOptions().maxConcurrentSends();
        senders = SmsSenders.withOwnTimer("sipgate-sms-deadline", maxConcurrentSends);
        SmsMetrics metrics = SmsMetrics.from(config);
        metrics.watchSends(() -> maxConcurrentSends - senders.availableSends(), maxConcurrentSends);
        codes = new Codes(settings, senders, metrics);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // everything is made in init
    }

    /** Where nothing before the step proved who is there (a reset by SMS alone), the step runs without a user too. */
    @Override
    public Authenticator create(KeycloakSession session) {
        return new SmsAuthenticator(codes, !Codes.stepPurpose(session).proofless());
    }

    public Codes codes() {
        return codes;
    }

    /** Admin console → Provider info: the extension's version and where its settings come from (no secret). */
    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        String version = SmsAuthenticatorFactory.class.getPackage().getImplementationVersion();
        SmsConfig server = settings.serverDefaults();
        info.put("version", version == null ? "development build" : version);
        info.put("server-credentials", Boolean.toString(server.credentialsFromServer()));
        info.put("credentials", server.credentials().label());
        info.put("allow-simulation", Boolean.toString(settings.serverOptions().allowSimulation()));
        return info;
    }

    @Override
    public void close() {
        if (senders != null) {
            senders.close();
        }
    }

    @Override
    public String getDisplayType() {
        return "SMS code (sipgate)";
    }

    @Override
    public String getHelpText() {
        return "Sends a one-time code by SMS through sipgate.io to the user's mobile number and asks for it. "
            + "Add it after a step that checks a credential (password, passkey, OTP): only there does it offer users without "
            + "a number the registration, and trusted browsers. Its settings are the realm's: Realm settings -> SMS (sipgate).";
    }

    /** {@code otp}: Keycloak 26.7's brute-force protector ignores failures of any other non-null category. */
    @Override
    public String getReferenceCategory() {
        return OTPCredentialModel.TYPE;
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return REQUIREMENTS.clone();
    }

    @Override
    public boolean isUserSetupAllowed() {
        // a REQUIRED step sends users without a number to the registration action (when the realm enables it)
        return true;
    }

    @Override
    public Set<String> getOptionalReferenceCategories(KeycloakSession session) {
        // the account console lists the sipgate-sms credential when a flow uses this step
        return Set.of(SmsCredentialModel.TYPE);
    }

    /** None: the settings are the realm SMS policy; configurable for Keycloak's own fields (the AMR mapper's reference). */
    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    /** The server-wide options, as {@code kc.sh} lists them. */
    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return Setting.serverForm();
    }
}
