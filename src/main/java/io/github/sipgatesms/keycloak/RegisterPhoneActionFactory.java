package io.github.sipgatesms.keycloak;

import java.util.List;
import java.util.Map;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.userprofile.ValidationException;
import org.keycloak.validate.ValidationError;

import io.github.sipgatesms.keycloak.config.SettingsResolver;
import io.github.sipgatesms.keycloak.credential.SmsCredentialProvider;

/**
 * SPI entry point of the required action {@code sipgate-sms-register-phone}. It holds no sipgate or policy settings:
 * the number registration follows the realm SMS policy (the "SMS (sipgate)" tab) and the server options, through
 * the step's factory. Its own configuration is Keycloak's maximum authentication age only.
 */
public final class RegisterPhoneActionFactory implements RequiredActionFactory {

    static final String WHERE_SETTINGS_LIVE = "the realm SMS policy (" + SettingsResolver.WHERE + ") or the server options "
        + "--spi-authenticator--sipgate-sms--*";

    private SmsAuthenticatorFactory step;

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
        // the settings, the timer and the send bound are the step's (postInit)
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        step = SmsAuthenticatorFactory.from(factory);
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new RegisterPhoneAction(step.codes());
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return MAX_AUTH_AGE_CONFIG_PROPERTIES;
    }

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, RequiredActionConfigModel model) {
        RequiredActionFactory.super.validateConfig(session, realm, model);
        Map<String, String> config = model.getConfig() == null ? Map.of() : model.getConfig();
        for (String key : config.keySet()) {
            if (!Constants.MAX_AUTH_AGE_KEY.equals(key)) {
                throw new ValidationException(new ValidationError(getId(), key,
                    "The number registration has no setting '" + key + "': its settings are " + WHERE_SETTINGS_LIVE));
            }
        }
    }

    @Override
    public void close() {
        // the step's factory owns the timer
    }
}
