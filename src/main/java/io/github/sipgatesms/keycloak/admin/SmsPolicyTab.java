package io.github.sipgatesms.keycloak.admin;

import java.util.List;
import java.util.Map;

import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

import io.github.sipgatesms.keycloak.SmsAuthenticatorFactory;
import io.github.sipgatesms.keycloak.config.Setting;
import io.github.sipgatesms.keycloak.config.SettingsResolver;

/**
 * The realm SMS policy: the tab "SMS (sipgate)" under Realm settings (Keycloak's admin-console tab extension point),
 * stored as one realm component ({@link SettingsResolver#POLICY_TYPE}, provider id {@code sipgate-sms}, parent the
 * realm). {@link SettingsResolver} reads it for every step, flow and client. A whole number out of its range is
 * refused on save; secrets are {@code secret} properties, so Keycloak's admin API masks them on every version.
 */
public final class SmsPolicyTab implements UiTabProvider, UiTabProviderFactory<ComponentModel> {

    /** The form; made again once the step's server options are read, so the simulation switch can tell a simulating server. */
    private volatile List<ProviderConfigProperty> form = Setting.policyForm(false);

    @Override
    public String getId() {
        return SettingsResolver.PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "SMS (sipgate)";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return form;
    }

    /** The admin console's route of the realm settings, with this tab's name. */
    @Override
    public String getPath() {
        return "/:realm/realm-settings/:tab?";
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", "sipgate-sms");
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        for (Setting setting : Setting.policySettings()) {
            String raw = model.get(setting.key());
            if (setting.min() == setting.max() || raw == null || raw.isBlank()) {
                continue; // not a whole number: checked where it is read, with a WARN and the default
            }
            long value;
            try {
                value = Long.parseLong(raw.trim());
            } catch (NumberFormatException e) {
                value = Long.MIN_VALUE;
            }
            if (value < setting.min() || value > setting.max()) {
                throw new ComponentValidationException("sipgate-sms: '" + setting.key() + "' must be a whole number from "
                    + setting.min() + " to " + setting.max() + ".");
            }
        }
    }

    @Override
    public void init(Config.Scope config) {
        // the policy is read by SettingsResolver; nothing to set up
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        form = Setting.policyForm(SmsAuthenticatorFactory.from(factory).codes().settings().serverDefaults().simulation());
    }

    @Override
    public void close() {
        // nothing held
    }
}
