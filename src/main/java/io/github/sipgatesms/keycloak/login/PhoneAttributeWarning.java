package io.github.sipgatesms.keycloak.login;

import java.util.ArrayList;
import java.util.List;
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
 * second factor is only as strong as that attribute's write rights), and which directory mappers and identity-provider
 * attribute importers write it. Log bookkeeping only; nothing decides a login.
 */
public final class PhoneAttributeWarning {

    private static final Logger LOG = Logger.getLogger(PhoneAttributeWarning.class);
    private static final int MAX_REMEMBERED = 10_000;
    /** A directory (LDAP) mapper's component type and the config key naming the user attribute it writes. */
    private static final String LDAP_MAPPER = "org.keycloak.storage.ldap.mappers.LDAPStorageMapper";
    private static final String LDAP_MODEL_ATTRIBUTE = "user.model.attribute";
    /** The config key of an identity provider's attribute importer naming the user attribute it writes. */
    private static final String IDP_USER_ATTRIBUTE = "user.attribute";

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
        List<String> writers = writers(session, realm, attribute);
        if (!writers.isEmpty()) {
            LOG.warnf("sipgate-sms: in realm '%s' the phone attribute '%s' is written by %s: whoever can change the value there "
                + "moves the user's SMS codes to another phone. A number that differs from the one a code last reached gets no SMS until "
                + "an administrator confirms it (docs/security.md); keep the source's write rights to the attribute narrow.",
                realm.getName(), attribute, String.join(", ", writers));
        }
    }

    /** Directory user-attribute mappers and identity-provider attribute importers that write {@code attribute}, by name. */
    static List<String> writers(KeycloakSession session, RealmModel realm, String attribute) {
        List<String> writers = new ArrayList<>();
        try {
            realm.getComponentsStream().filter(c -> LDAP_MAPPER.equals(c.getProviderType())
                    && attribute.equals(c.getConfig().getFirst(LDAP_MODEL_ATTRIBUTE)))
                .forEach(c -> writers.add("the directory mapper '" + c.getName() + "'"));
            session.identityProviders().getMappersStream().filter(m -> m.getConfig() != null
                    && attribute.equals(m.getConfig().get(IDP_USER_ATTRIBUTE)))
                .forEach(m -> writers.add("the identity-provider mapper '" + m.getName() + "' of '" + m.getIdentityProviderAlias() + "'"));
        } catch (RuntimeException e) {
            LOG.debugf("sipgate-sms: could not read the mappers of realm '%s': %s", realm.getName(), e.getMessage());
        }
        return writers;
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
