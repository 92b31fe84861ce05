package io.github.sipgatesms.keycloak;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.userprofile.ValidationException;
import org.keycloak.validate.ValidationError;

import io.github.sipgatesms.keycloak.config.ConfigKeys;
import io.github.sipgatesms.keycloak.config.ConfigProperties;
import io.github.sipgatesms.keycloak.config.ServerOptions;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.credential.SmsCredentialProvider;
import io.github.sipgatesms.keycloak.sms.SmsSenderSelector;

/**
 * SPI entry point of the required action {@code sipgate-sms-register-phone}. Its configuration (admin console:
 * Authentication → Required actions → gear) holds the same settings as the login step, except the phone attribute,
 * plus Keycloak's maximum authentication age; it reads the same server-wide options
 * ({@code --spi-authenticator--sipgate-sms--*}). Keycloak never masks required-action config, so a token there must
 * be a {@code ${vault.*}} reference.
 */
public final class RegisterPhoneActionFactory implements RequiredActionFactory {

    private static final Set<String> NOT_HERE = Set.of(ConfigKeys.PHONE_ATTRIBUTE);

    private ServerOptions serverOptions = ServerOptions.NONE;
    private SmsSenderSelector senders;
    private CodeDelivery delivery;

    @Override
    public String getId() {
        return SmsCredentialProvider.REGISTER_ACTION;
    }

    @Override
    public String getDisplayText() {
        return "Register a mobile number for SMS codes";
    }

    @Override
    public void init(Config.Scope config) {
        serverOptions = ServerOptions.from(Config.scope("authenticator", SmsAuthenticatorFactory.PROVIDER_ID));
        senders = SmsSenderSelector.withOwnTimer("sipgate-sms-register-deadline", serverOptions.maxConcurrentSends());
        delivery = new CodeDelivery(senders);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to wire after start
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new RegisterPhoneAction(serverOptions, delivery);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        List<ProviderConfigProperty> properties = new ArrayList<>(MAX_AUTH_AGE_CONFIG_PROPERTIES);
        for (ProviderConfigProperty property : ConfigProperties.LIST) {
            if (!NOT_HERE.contains(property.getName())) {
                properties.add(property);
            }
        }
        return properties;
    }

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, RequiredActionConfigModel model) {
        RequiredActionFactory.super.validateConfig(session, realm, model);
        String token = model.getConfigValue(ConfigKeys.SIPGATE_TOKEN);
        if (token != null && !token.isBlank() && !SmsConfig.isVaultReference(token)) {
            // required-action config is shown in clear to every realm administrator: no literal secret here
            throw new ValidationException(new ValidationError(getId(), ConfigKeys.SIPGATE_TOKEN,
                "sipgateToken must be a vault reference such as ${vault.sipgate-token}, or empty to use the server-wide option"));
        }
    }

    @Override
    public void close() {
        if (senders != null) {
            senders.close();
        }
    }
}
