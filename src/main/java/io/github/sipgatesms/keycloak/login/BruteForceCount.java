package io.github.sipgatesms.keycloak.login;

import java.lang.reflect.InvocationTargetException;
import java.util.Set;

import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.keycloak.common.ClientConnection;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * Counts a wrong code of a user the login has not set (phone sign-in: setting the user before the code is right would
 * name them to the pages that follow), in Keycloak's brute-force detection, category {@code otp} as the step's
 * reference category. Keycloak counts only the login's user itself, so phone sign-in asks here. Keycloak 26.7 takes
 * the categories ({@code failedLogin(realm, user, connection, uri, categories)}); 26.5 has no such parameter.
 */
public final class BruteForceCount {

    private static final Logger LOG = Logger.getLogger(BruteForceCount.class);

    private BruteForceCount() {
    }

    public static void failed(KeycloakSession session, RealmModel realm, UserModel user) {
        if (user == null || !realm.isBruteForceProtected()) {
            return;
        }
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        ClientConnection connection = session.getContext().getConnection();
        UriInfo uri = session.getContext().getUri();
        try {
            protector.failedLogin(realm, user, connection, uri, Set.of(OTPCredentialModel.TYPE));
        } catch (NoSuchMethodError keycloak265) {
            try {
                BruteForceProtector.class.getMethod("failedLogin", RealmModel.class, UserModel.class, ClientConnection.class, UriInfo.class)
                    .invoke(protector, realm, user, connection, uri);
            } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
                LOG.warnf("sipgate-sms: a wrong phone sign-in code of user '%s' was not counted by brute-force detection (%s); "
                    + "report this with the Keycloak version.", user.getId(), e.getClass().getSimpleName());
            }
        }
    }
}
