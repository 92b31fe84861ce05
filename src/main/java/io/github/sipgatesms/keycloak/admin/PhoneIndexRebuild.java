package io.github.sipgatesms.keycloak.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.github.sipgatesms.keycloak.config.SettingsResolver;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.credential.PhoneIndex;

/**
 * {@code POST /admin/realms/{realm}/sipgate-sms/phone-index}: an administrator with manage-users writes every user's
 * {@link PhoneIndex} entry from their number now. Needed once where numbers reached the users without passing
 * Keycloak's admin API, account console or the SMS step (a realm import, a database load, LDAP import) and after the
 * realm policy's {@code phoneAttribute} or {@code defaultRegion} changed; until then phone sign-in does not find those
 * users (it never finds a wrong one). Walks the users in pages; answers how many it read and how many hold a number.
 */
final class PhoneIndexRebuild {

    private static final Logger LOG = Logger.getLogger(PhoneIndexRebuild.class);
    private static final int PAGE = 500;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final SettingsResolver settings;

    PhoneIndexRebuild(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, SettingsResolver settings) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.settings = settings;
    }

    Map<String, Object> rebuild() {
        auth.users().requireManage();
        SmsConfig config = settings.forRealm(session, realm);
        int read = 0;
        int indexed = 0;
        List<UserModel> page;
        do {
            page = session.users().searchForUserStream(realm, Map.of(UserModel.INCLUDE_SERVICE_ACCOUNT, "false"), read, PAGE).toList();
            for (UserModel user : page) {
                PhoneIndex.refresh(user, config);
                indexed += user.getFirstAttribute(PhoneIndex.ATTRIBUTE) == null ? 0 : 1;
            }
            read += page.size();
        } while (page.size() == PAGE);
        LOG.infof("sipgate-sms: administrator %s rebuilt the phone sign-in index of realm '%s': %d users read, %d with a number",
            auth.adminAuth().getUser().getId(), realm.getName(), read, indexed);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("users", read);
        result.put("indexed", indexed);
        return result;
    }
}
