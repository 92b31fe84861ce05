package io.github.sipgatesms.keycloak.admin;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Registers {@link KeycloakUnlockListener} as a global event listener (Keycloak 26.5 and later call global listeners
 * in every realm), so no realm has to add it to its event listeners; Keycloak refuses a global one there anyway.
 * The listener is created for each admin request, with that request's session.
 */
public final class KeycloakUnlockListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "sipgate-sms-unlock";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new KeycloakUnlockListener(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public void init(Config.Scope config) {
        // no options
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to look up
    }

    @Override
    public void close() {
        // nothing held
    }
}
