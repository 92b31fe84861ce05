package io.github.sipgatesms.keycloak.credential;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.github.sipgatesms.keycloak.config.SmsConfig;

/**
 * Keeps a user's {@link PhoneIndex} entry current where their number may change: an administrator creates or edits
 * the user or removes a credential (admin events on {@code users/{id}...}), the user registers, edits their profile or
 * removes a credential (user events), and every login (where a directory or an identity provider wrote the number).
 * Writes only what differs, in the request that made the change.
 */
public final class PhoneIndexListener implements EventListenerProvider {

    /** A login too: a directory sync or an identity provider's mapper writes the phone attribute without an event of its own. */
    private static final Set<EventType> USER_CHANGES = EnumSet.of(EventType.REGISTER, EventType.UPDATE_PROFILE,
        EventType.REMOVE_CREDENTIAL, EventType.UPDATE_CREDENTIAL, EventType.REMOVE_TOTP, EventType.LOGIN);
    private static final String USERS = "users/";

    private final KeycloakSession session;
    private final Function<RealmModel, SmsConfig> settings;

    /** {@code settings}: the realm SMS policy of a realm (which attribute holds the number, its default region). */
    public PhoneIndexListener(KeycloakSession session, Function<RealmModel, SmsConfig> settings) {
        this.session = session;
        this.settings = settings;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getError() == null && USER_CHANGES.contains(event.getType())) {
            refresh(event.getRealmId(), event.getUserId());
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        // users/{id} (created, edited; REALM: a partial import) and users/{id}/credentials/{id} (removed); a deleted user takes
        // its entry along
        if (event.getResourceType() == ResourceType.USER || event.getResourceType() == ResourceType.REALM) {
            refresh(event.getRealmId(), userOf(event));
        }
    }

    /** The user an admin event of {@code users/{id}...} is about, or null (an error, another resource). */
    public static String userOf(AdminEvent event) {
        String path = event.getResourcePath();
        if (event.getError() != null || path == null || !path.startsWith(USERS)) {
            return null;
        }
        int end = path.indexOf('/', USERS.length());
        return end < 0 ? path.substring(USERS.length()) : path.substring(USERS.length(), end);
    }

    private void refresh(String realmId, String userId) {
        RealmModel realm = realmId == null || userId == null ? null : session.realms().getRealm(realmId);
        UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
        if (user != null) {
            PhoneIndex.refresh(user, settings.apply(realm));
        }
    }

    @Override
    public void close() {
        // nothing held
    }
}
