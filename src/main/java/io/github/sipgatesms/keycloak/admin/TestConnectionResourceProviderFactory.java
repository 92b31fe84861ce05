package io.github.sipgatesms.keycloak.admin;


import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;

import io.github.sipgatesms.keycloak.config.ServerOptions;
import io.github.sipgatesms.keycloak.sms.SmsSenderSelector;

/** Registers {@code /admin/realms/{realm}/sipgate-sms}: the "test connection" check of the sipgate credentials. */
public final class TestConnectionResourceProviderFactory implements AdminRealmResourceProviderFactory {

    public static final String ID = "sipgate-sms";

    private ServerOptions serverOptions = ServerOptions.NONE;
    private SmsSenderSelector senders;

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession s, org.keycloak.models.RealmModel realm,
                                      org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator auth,
                                      org.keycloak.services.resources.admin.AdminEventBuilder adminEvent) {
                return new TestConnectionResource(s, realm, auth, serverOptions, senders);
            }

            @Override
            public void close() {
                // nothing held per request
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        serverOptions = ServerOptions.from(Config.scope("authenticator", "sipgate-sms"));
        senders = SmsSenderSelector.withOwnTimer("sipgate-sms-check-deadline", serverOptions.maxConcurrentSends());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to wire after start
    }

    @Override
    public void close() {
        if (senders != null) {
            senders.close();
        }
    }
}
