package io.github.sipgatesms.keycloak.login;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * Tells the administrator, once per realm, attribute and node at the step's first use, when the realm's user profile
 * lets users edit the phone attribute themselves: with their password alone they could then move the SMS factor to
 * another phone (the step e-mails them and writes the change on the event when a code reaches the new number, but the
 * second factor is only as strong as that attribute's write rights). Log bookkeeping only; nothing decides a login.
 */
public final class PhoneAttributeWarning {

    private static final Logger LOG = Logger.getLogger(PhoneAttributeWarning.class);
    private static final int MAX_REMEMBERED = 10_000;

    private final Set<String> checked = ConcurrentHashMap.newKeySet();

    public void firstUse(KeycloakSession session, RealmModel realm, String attribute) {
        if (realm == null || attribute == null) {
            return;
        }
        if (checked.size() > MAX_REMEMBERED) {
            checked.clear();
        }
        if (!checked.add(realm.getId() + "/" + attribute)) {
            return;
        }
        try {
            if (userEditable(session.getProvider(UserProfileProvider.class).getConfiguration(), attribute)) {
                LOG.warnf("sipgate-sms: in realm '%s' users may edit the phone attribute '%s' themselves (Realm settings -> User "
                    + "profile). With their password alone they can then move their SMS codes to another phone. Give the attribute "
                    + "edit permission 'admin' only, and in a directory remove the users' write right on it (docs/phone-numbers.md).",
                    realm.getName(), attribute);
            }
        } catch (RuntimeException e) {
            LOG.debugf("sipgate-sms: could not read the user profile of realm '%s': %s", realm.getName(), e.getMessage());
        }
    }

    /** Whether users may write the attribute: declared with edit permission "user", or undeclared where unmanaged attributes are editable. */
    public static boolean userEditable(UPConfig profile, String attribute) {
        if (profile == null) {
            return false;
        }
        UPAttribute declared = profile.getAttribute(attribute);
        if (declared == null) {
            return profile.getUnmanagedAttributePolicy() == UPConfig.UnmanagedAttributePolicy.ENABLED;
        }
        return declared.getPermissions() != null && declared.getPermissions().getEdit() != null
            && declared.getPermissions().getEdit().contains("user");
    }
}
