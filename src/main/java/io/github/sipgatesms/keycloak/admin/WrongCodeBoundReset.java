package io.github.sipgatesms.keycloak.admin;

import jakarta.ws.rs.NotFoundException;

import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.github.sipgatesms.keycloak.limits.Bucket;
import io.github.sipgatesms.keycloak.limits.FailureBound;
import io.github.sipgatesms.keycloak.limits.SendLimits;

/**
 * {@code DELETE /admin/realms/{realm}/sipgate-sms/wrong-code-bound/users/{userId}}: an administrator with manage-users
 * on the user clears the user's wrong-code bound and resend cooldown, for example after a support call. The bound
 * otherwise holds for a day after the last wrong code, and anyone with the user's password can trigger it; Keycloak's
 * "unlock user" clears it only when Keycloak itself had login failures for the user ({@link KeycloakUnlockListener}).
 * The hourly SMS caps stay: their tickets are never given back. Shaped like Keycloak's own
 * {@code DELETE attack-detection/brute-force/users/{userId}}: the same permission checks, and an admin event
 * (USER, ACTION, as for a password reset) whose resource id is the user's id.
 */
final class WrongCodeBoundReset {

    private static final Logger LOG = Logger.getLogger(WrongCodeBoundReset.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    WrongCodeBoundReset(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    /** What a reset gives back: the user's wrong-code bound and cooldown. Returns whether the bound was reached. */
    static boolean clear(SingleUseObjectProvider store, String realmId, String userId) {
        boolean reached = false;
        for (Bucket bucket : Bucket.values()) {
            FailureBound bound = new FailureBound(store, realmId, userId, bucket);
            reached |= bound.reached();
            bound.clear();
        }
        new SendLimits(store, realmId).clearCooldown(userId);
        return reached;
    }

    void reset(String userId) {
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            // as Keycloak's unlock: who may not manage users learns nothing about which ids exist
            auth.users().requireManage();
            throw new NotFoundException("no user with id '" + userId + "' in realm '" + realm.getName()
                + "': use the ID shown on the user's page in the admin console");
        }
        auth.users().requireManage(user);
        boolean reached = clear(session.singleUseObjects(), realm.getId(), user.getId());
        adminEvent.resource(ResourceType.USER).operation(OperationType.ACTION).resourcePath(session.getContext().getUri()).success();
        LOG.infof("sipgate-sms: administrator %s reset the wrong-code bound (%s) and resend cooldown of user %s in realm '%s'",
            auth.adminAuth().getUser().getId(), reached ? "was reached" : "was not reached", user.getId(), realm.getName());
    }
}
