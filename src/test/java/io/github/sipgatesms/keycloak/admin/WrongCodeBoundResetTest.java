package io.github.sipgatesms.keycloak.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.Map;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakUriInfo;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.UserPermissionEvaluator;
import org.mockito.InOrder;

import io.github.sipgatesms.keycloak.config.ServerOptions;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.limits.FailureBound;
import io.github.sipgatesms.keycloak.limits.SendLimits;
import io.github.sipgatesms.keycloak.testsupport.InMemorySingleUseObjects;

@DisplayName("admin reset of one user's wrong-code bound and cooldown")
class WrongCodeBoundResetTest {

    private static final String REALM_ID = "realm-1";

    private final InMemorySingleUseObjects store = new InMemorySingleUseObjects();
    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final UserProvider users = mock(UserProvider.class);
    private final UserModel user = mock(UserModel.class);
    private final UserModel admin = mock(UserModel.class);
    private final AdminPermissionEvaluator auth = mock(AdminPermissionEvaluator.class);
    private final UserPermissionEvaluator userPermissions = mock(UserPermissionEvaluator.class);
    private final AdminEventBuilder adminEvent = mock(AdminEventBuilder.class, RETURNS_SELF);
    private final KeycloakUriInfo uri = mock(KeycloakUriInfo.class);
    private final WrongCodeBoundReset reset = new WrongCodeBoundReset(session, realm, auth, adminEvent);

    @BeforeEach
    void keycloak() {
        KeycloakContext context = mock(KeycloakContext.class);
        when(session.singleUseObjects()).thenReturn(store);
        when(session.users()).thenReturn(users);
        when(session.getContext()).thenReturn(context);
        when(context.getUri()).thenReturn(uri);
        when(realm.getId()).thenReturn(REALM_ID);
        when(realm.getName()).thenReturn("shop");
        when(users.getUserById(realm, "u1")).thenReturn(user);
        when(user.getId()).thenReturn("u1");
        when(admin.getId()).thenReturn("admin-1");
        when(auth.users()).thenReturn(userPermissions);
        when(auth.adminAuth()).thenReturn(new AdminAuth(realm, null, admin, null));
        lock("u1");
        lock("u2");
    }

    /** The user reaches the wrong-code bound and starts a ten-minute cooldown. */
    private void lock(String userId) {
        FailureBound bound = new FailureBound(store, REALM_ID, userId);
        for (int i = 0; i < FailureBound.MAX_CONSECUTIVE_FAILURES; i++) {
            store.request(() -> bound.reserve().failed());
        }
        store.request(() -> new SendLimits(store, REALM_ID).claim(userId, "+4915123456789", cooldown(), store.now()));
    }

    private static SmsConfig cooldown() {
        Map<String, String> values = new HashMap<>();
        values.put("resendCooldownSeconds", "600");
        return SmsConfig.of(values, ServerOptions.NONE);
    }

    private boolean locked(String userId) {
        return new FailureBound(store, REALM_ID, userId).reached();
    }

    private boolean coolingDown(String userId) {
        return store.request(() -> new SendLimits(store, REALM_ID).claim(userId, "+4915123456789", cooldown(), store.now()))
            .cooldownOnly();
    }

    @Test
    @DisplayName("an administrator with manage-users on the user: bound and cooldown cleared, admin event USER/ACTION sent")
    void resets() {
        store.request(() -> reset.reset("u1"));

        assertThat(locked("u1")).isFalse();
        assertThat(coolingDown("u1")).isFalse();
        assertThat(locked("u2")).as("another user").isTrue();
        InOrder order = inOrder(userPermissions, adminEvent);
        order.verify(userPermissions).requireManage(user);
        order.verify(adminEvent).resource(ResourceType.USER);
        order.verify(adminEvent).operation(OperationType.ACTION);
        order.verify(adminEvent).resourcePath(uri);
        order.verify(adminEvent).success();
    }

    @Test
    @DisplayName("without manage-users: 403, nothing cleared, no admin event")
    void forbidden() {
        doThrow(new ForbiddenException()).when(userPermissions).requireManage(user);

        assertThatThrownBy(() -> reset.reset("u1")).isInstanceOf(ForbiddenException.class);
        assertThat(locked("u1")).isTrue();
        assertThat(coolingDown("u1")).isTrue();
        verify(adminEvent, never()).success();
    }

    @Test
    @DisplayName("an unknown user: manage-users is checked first (403 tells no user apart), then 404")
    void unknownUser() {
        assertThatThrownBy(() -> reset.reset("nobody")).isInstanceOf(NotFoundException.class)
            .hasMessageContaining("nobody").hasMessageContaining("shop");
        verify(userPermissions).requireManage();
        verify(adminEvent, never()).success();

        doThrow(new ForbiddenException()).when(userPermissions).requireManage();
        assertThatThrownBy(() -> reset.reset("nobody")).isInstanceOf(ForbiddenException.class);
        verify(userPermissions, never()).requireManage(any());
    }
}
