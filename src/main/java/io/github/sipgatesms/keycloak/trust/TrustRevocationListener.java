package io.github.sipgatesms.keycloak.trust;

import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.github.sipgatesms.keycloak.credential.SmsCredentialProvider;

/**
 * Voids a user's trusted browsers when the user signs out all their sessions in the account console ("Sign out all
 * devices": {@code DELETE /realms/{realm}/account/sessions}, one {@code LOGOUT} event per ended session). Keycloak
 * records no not-before for that (an administrator's "Sign out" does, which {@link TrustCookie} reads), so the
 * user's stored number is renewed under a new credential id, which every trust cookie is bound to. Once per request.
 */
public final class TrustRevocationListener implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(TrustRevocationListener.class);
    private static final String ACCOUNT_SESSIONS = "/account/sessions";

    private final KeycloakSession session;
    private boolean renewed;

    public TrustRevocationListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (renewed || event.getType() != EventType.LOGOUT || event.getUserId() == null || !signOutAll()) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, event.getUserId());
        if (user != null && SmsCredentialProvider.renew(user)) {
            renewed = true;
            LOG.debugf("sipgate-sms: user '%s' signed out all sessions; their trusted browsers no longer skip the SMS", user.getId());
        }
    }

    /** The account console's (or account REST API's) "sign out all sessions", not the logout of one session. */
    private boolean signOutAll() {
        KeycloakContext context = session.getContext();
        if (context == null || context.getHttpRequest() == null || context.getUri() == null) {
            return false;
        }
        String path = context.getUri().getPath();
        return "DELETE".equals(context.getHttpRequest().getHttpMethod()) && path != null
            && (path.endsWith(ACCOUNT_SESSIONS) || path.endsWith(ACCOUNT_SESSIONS + "/"));
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        // an administrator's "Sign out" sets the user's not-before, which TrustCookie reads
    }

    @Override
    public void close() {
        // nothing held
    }
}
