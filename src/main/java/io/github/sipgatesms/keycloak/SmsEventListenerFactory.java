package io.github.sipgatesms.keycloak;

import java.util.List;
import java.util.function.Function;

import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

import io.github.sipgatesms.keycloak.admin.KeycloakUnlockListener;
import io.github.sipgatesms.keycloak.code.RemovalNotice;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.credential.PhoneIndexListener;
import io.github.sipgatesms.keycloak.trust.TrustRevocationListener;

/**
 * The extension's one event listener, global (Keycloak 26.5 and later call global listeners in every realm), so no
 * realm has to add it to its event listeners; Keycloak refuses a global one there anyway. Created for each request
 * with that request's session, it hands every event to each part: Keycloak's unlock clears the wrong-code bound
 * ({@link KeycloakUnlockListener}), a user's "sign out all devices" voids their trusted browsers
 * ({@link TrustRevocationListener}), a changed number updates phone sign-in's index ({@link PhoneIndexListener}), an
 * administrator's removal of the number is e-mailed to the user ({@link RemovalNotice}).
 */
public final class SmsEventListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "sipgate-sms";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        Function<RealmModel, SmsConfig> settings = realm -> SmsAuthenticatorFactory.from(session.getKeycloakSessionFactory()).codes()
            .settings().forRealm(session, realm);
        List<EventListenerProvider> parts = List.of(new KeycloakUnlockListener(session), new TrustRevocationListener(session),
            new PhoneIndexListener(session, settings), new RemovalNotice(session, settings));
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
                parts.forEach(part -> part.onEvent(event));
            }

            @Override
            public void onEvent(AdminEvent event, boolean includeRepresentation) {
                parts.forEach(part -> part.onEvent(event, includeRepresentation));
            }

            @Override
            public void close() {
                parts.forEach(EventListenerProvider::close);
            }
        };
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
