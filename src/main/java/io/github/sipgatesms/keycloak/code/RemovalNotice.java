package io.github.sipgatesms.keycloak.code;

import java.util.function.Function;

import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.credential.PhoneIndexListener;
import io.github.sipgatesms.keycloak.credential.SmsCredentialModel;
import io.github.sipgatesms.keycloak.credential.UserNumber;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * E-mails the user when an administrator removes their {@value SmsCredentialModel#TYPE} credential (users cannot,
 * SECURITY.md 38): the removal changes where codes go as a new number does. The mail names the number codes go to now
 * (the phone attribute's), or says that none is left. Keycloak's admin event of the removal names the credential type.
 */
public final class RemovalNotice implements EventListenerProvider {

    private final KeycloakSession session;
    private final Function<RealmModel, SmsConfig> settings;

    public RemovalNotice(KeycloakSession session, Function<RealmModel, SmsConfig> settings) {
        this.session = session;
        this.settings = settings;
    }

    @Override
    public void onEvent(Event event) {
        // users cannot remove the number: nothing to tell here
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        String userId = PhoneIndexListener.userOf(event);
        if (userId == null || !event.getResourcePath().contains("/credentials/") || event.getDetails() == null
            || !SmsCredentialModel.TYPE.equals(event.getDetails().get(Details.CREDENTIAL_TYPE))) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
        if (user != null) {
            String now = UserNumber.current(user, settings.apply(realm));
            PhoneChangeNotice.send(session, realm, user, now == null ? null : PhoneNumbers.mask(now));
        }
    }

    @Override
    public void close() {
        // nothing held
    }
}
