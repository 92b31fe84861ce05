package io.github.sipgatesms.keycloak.admin;

import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.github.sipgatesms.keycloak.config.SettingsResolver;
import io.github.sipgatesms.keycloak.sms.SmsSenders;

/**
 * {@code /admin/realms/{realm}/sipgate-sms}: the extension's admin REST endpoints, one request each. The work and the
 * permission checks live in the classes named per endpoint; this class only maps the paths, in one place.
 */
public final class SmsAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final SettingsResolver settings;
    private final SmsSenders senders;

    SmsAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent,
                     SettingsResolver settings, SmsSenders senders) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
        this.settings = settings;
        this.senders = senders;
    }

    /** {@link TestConnection}; needs manage-realm. */
    @GET
    @Path("test-connection")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> testConnection() {
        return new TestConnection(session, realm, auth, settings, senders).check();
    }

    /** {@link PhoneIndexRebuild}; needs manage-users. */
    @POST
    @Path("phone-index")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> rebuildPhoneIndex() {
        return new PhoneIndexRebuild(session, realm, auth, settings).rebuild();
    }

    /** {@link WrongCodeBoundReset}; needs manage-users on the user. 204 when done, 404 for an unknown user id. */
    @DELETE
    @Path("wrong-code-bound/users/{userId}")
    public void resetWrongCodeBound(@PathParam("userId") String userId) {
        new WrongCodeBoundReset(session, realm, auth, adminEvent).reset(userId);
    }
}
