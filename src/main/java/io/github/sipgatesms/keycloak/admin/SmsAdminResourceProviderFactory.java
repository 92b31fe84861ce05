package io.github.sipgatesms.keycloak.admin;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.github.sipgatesms.keycloak.SmsAuthenticatorFactory;

/**
 * Registers {@code /admin/realms/{realm}/sipgate-sms} ({@link SmsAdminResource}): the "test connection" check of the
 * sipgate credentials, with the step's settings resolution, timer and send bound, and the reset of a user's
 * wrong-code bound. Keycloak allows one provider per id, so every admin endpoint of the extension hangs below it.
 */
public final class SmsAdminResourceProviderFactory implements AdminRealmResourceProviderFactory {

    public static final String ID = SmsAuthenticatorFactory.PROVIDER_ID;

    private SmsAuthenticatorFactory step;

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession s, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
                return new SmsAdminResource(s, realm, auth, adminEvent, step.codes().settings(), step.codes().senders());
            }

            @Override
            public void close() {
                // nothing held per request
            }
        };
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
    public void close() {
        // the step's factory owns the timer
    }
}
