package io.github.sipgatesms.keycloak;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import io.github.sipgatesms.keycloak.config.ConfigKeys;
import io.github.sipgatesms.keycloak.config.ConfigProperties;
import io.github.sipgatesms.keycloak.config.ServerOptions;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.sms.SmsSenderSelector;

/** SPI entry point of the {@code sipgate-sms} authenticator: metadata, config form, wiring. */
public final class SmsAuthenticatorFactory implements AuthenticatorFactory, org.keycloak.provider.ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "sipgate-sms";

    private static final Requirement[] REQUIREMENTS = {
        Requirement.REQUIRED, Requirement.ALTERNATIVE, Requirement.CONDITIONAL, Requirement.DISABLED
    };

    private ServerOptions serverOptions = ServerOptions.NONE;
    private SmsSenderSelector senders;
    /** The settings where no execution config is visible (configuredFor): server options, else defaults. */
    private SmsConfig serverDefaults = SmsConfig.of(java.util.Map.of(), ServerOptions.NONE);

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void init(Config.Scope config) {
        serverOptions = ServerOptions.from(config);
        // one daemon thread that only aborts sipgate requests past their deadline
        senders = SmsSenderSelector.withOwnTimer("sipgate-sms-deadline", serverOptions.maxConcurrentSends());
        serverDefaults = SmsConfig.of(java.util.Map.of(), serverOptions);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to wire after start
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new SmsAuthenticator(serverOptions, serverDefaults, senders);
    }

    /** Admin console → Provider info: the extension's version and where its settings come from (no secret). */
    @Override
    public java.util.Map<String, String> getOperationalInfo() {
        java.util.Map<String, String> info = new java.util.LinkedHashMap<>();
        String version = SmsAuthenticatorFactory.class.getPackage().getImplementationVersion();
        info.put("version", version == null ? "development build" : version);
        info.put("server-credentials", Boolean.toString(serverDefaults.credentialsFromServer()));
        info.put("allow-simulation", Boolean.toString(serverOptions.allowSimulation()));
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
            + "Add it after the username/password step and set the sipgate credentials here or as server options.";
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
    public java.util.Set<String> getOptionalReferenceCategories(org.keycloak.models.KeycloakSession session) {
        // the account console lists the sipgate-sms credential when a flow uses this step
        return java.util.Set.of(io.github.sipgatesms.keycloak.credential.SmsCredentialModel.TYPE);
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ConfigProperties.LIST;
    }

    /** The server-wide options, as {@code kc.sh} lists them. */
    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();
        for (ProviderConfigProperty property : ConfigProperties.LIST) {
            builder.property()
                .name(ServerOptions.kebab(property.getName()))
                .label(property.getLabel())
                .helpText(property.getHelpText())
                .type(ProviderConfigProperty.PASSWORD.equals(property.getType()) ? ProviderConfigProperty.STRING_TYPE : property.getType())
                .secret(property.isSecret())
                .add();
        }
        builder.property().name(ServerOptions.kebab(ConfigKeys.MAX_CONCURRENT_SENDS)).type(ProviderConfigProperty.INTEGER_TYPE)
            .helpText("SMS requests to sipgate in flight at once on this node (login step and registration each). "
                + "Beyond it a login gets 'could not send' at once instead of waiting, so a slow or hung sipgate cannot "
                + "take all of Keycloak's worker threads. Keep it well below http-pool-max-threads.")
            .defaultValue(ConfigKeys.DEFAULT_MAX_CONCURRENT_SENDS).add();
        builder.property().name(ServerOptions.kebab(ConfigKeys.ALLOW_SIMULATION)).type(ProviderConfigProperty.BOOLEAN_TYPE)
            .helpText("Allow the simulation setting (SMS written to the log instead of sent). Never in production.")
            .defaultValue(false).add();
        return new ArrayList<>(builder.build());
    }
}
