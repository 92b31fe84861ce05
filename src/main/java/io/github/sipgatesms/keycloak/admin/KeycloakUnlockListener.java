package io.github.sipgatesms.keycloak.admin;

import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;

/**
 * Lets Keycloak's own "unlock user" clear the wrong-code bound and cooldown too, so support needs no extra step.
 * Keycloak announces an unlock as the admin event USER_LOGIN_FAILURE / DELETE, from
 * {@code DELETE attack-detection/brute-force/users/{id}} and from enabling a locked user ({@code PUT users/{id}});
 * the user's id is the last part of its resource path. Keycloak sends that event only when it had login failures
 * for the user, which needs the realm's brute-force detection on; otherwise the reset endpoint
 * ({@link WrongCodeBoundReset}) is the way. "Unlock all users" cannot reach the bounds: they are kept per user and
 * cannot be listed.
 */
public final class KeycloakUnlockListener implements EventListenerProvider {

    static final String UNLOCK_ALL_PATH = "attack-detection/brute-force/users";
    private static final Logger LOG = Logger.getLogger(KeycloakUnlockListener.class);

    private final KeycloakSession session;

    public KeycloakUnlockListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        // login events: nothing to do
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (!ResourceType.USER_LOGIN_FAILURE.name().equals(event.getResourceTypeAsString())
            || event.getOperationType() != OperationType.DELETE || event.getError() != null || event.getResourcePath() == null) {
            return;
        }
        String admin = event.getAuthDetails() == null ? null : event.getAuthDetails().getUserId();
        if (UNLOCK_ALL_PATH.equals(event.getResourcePath())) {
            LOG.infof("sipgate-sms: 'unlock all users' in realm '%s' does not reset the SMS wrong-code bound; for a user locked "
                + "by it, unlock that user alone or call DELETE /admin/realms/%s/sipgate-sms/wrong-code-bound/users/{user id}",
                event.getRealmName(), event.getRealmName());
            return;
        }
        String userId = event.getResourceId();
        if (userId == null || userId.isBlank()) {
            return;
        }
        boolean reached = WrongCodeBoundReset.clear(session.singleUseObjects(), event.getRealmId(), userId);
        LOG.infof("sipgate-sms: Keycloak's unlock by administrator %s reset the wrong-code bound (%s) and resend cooldown "
            + "of user %s in realm '%s'", admin, reached ? "was reached" : "was not reached", userId, event.getRealmName());
    }

    @Override
    public void close() {
        // nothing held
    }
}
