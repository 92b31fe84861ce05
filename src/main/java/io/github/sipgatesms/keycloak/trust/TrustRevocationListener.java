package io.github.sipgatesms.keycloak.trust;

import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;

import io.github.sipgatesms.keycloak.credential.SmsCredentialProvider;

/**
 * Voids a user's trusted browsers when the user signs out all their sessions in the account console ("Sign out all
 * devices": {@code DELETE /realms/{realm}/account/sessions}, one {@code LOGOUT} event per ended session), when their
 * password changes (a reset, "Update password", an administrator's "Reset password"; SECURITY.md 36). Keycloak
 * records no not-before for these (an administrator's "Sign out" does, which {@link TrustCookie} reads), so the
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
        if (event.getType() == EventType.LOGOUT && signOutAll()) {
            renew(event.getRealmId(), event.getUserId(), "signed out all sessions");
        } else if (passwordChanged(event)) {
            renew(event.getRealmId(), event.getUserId(), "changed their password");
        }
    }

    /** The password changed ({@code UPDATE_PASSWORD}, or {@code UPDATE_CREDENTIAL} of type password). */
    private static boolean passwordChanged(Event event) {
        return event.getType() == EventType.UPDATE_PASSWORD || event.getType() == EventType.UPDATE_CREDENTIAL
            && event.getDetails() != null && PasswordCredentialModel.TYPE.equals(event.getDetails().get(Details.CREDENTIAL_TYPE));
    }

    private void renew(String realmId, String userId, String why) {
        if (renewed || userId == null) {
            return;
        }
        RealmModel realm = session.realms().getRealm(realmId);
        UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
        if (user != null && SmsCredentialProvider.renew(user)) {
            renewed = true;
            LOG.debugf("sipgate-sms: user '%s' %s; their trusted browsers no longer skip the SMS", user.getId(), why);
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

    /** An administrator's "Reset password" of a user ({@code users/{id}/reset-password}); their "Sign out" sets the not-before. */
    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        String path = event.getResourcePath();
        if (event.getResourceType() == ResourceType.USER && path != null && path.startsWith("users/") && path.endsWith("/reset-password")) {
            renew(event.getRealmId(), path.substring("users/".length(), path.length() - "/reset-password".length()), "got a new password "
                + "from an administrator");
        }
    }

    @Override
    public void close() {
        // nothing held
    }
}
