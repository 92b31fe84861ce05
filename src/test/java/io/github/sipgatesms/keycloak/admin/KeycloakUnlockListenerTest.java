package io.github.sipgatesms.keycloak.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmProvider;

import io.github.sipgatesms.keycloak.SmsEventListenerFactory;
import io.github.sipgatesms.keycloak.limits.FailureBound;
import io.github.sipgatesms.keycloak.testsupport.InMemorySingleUseObjects;

@DisplayName("Keycloak's own 'unlock user' also clears the wrong-code bound")
class KeycloakUnlockListenerTest {

    private final InMemorySingleUseObjects store = new InMemorySingleUseObjects();
    private final KeycloakSession session = mock(KeycloakSession.class);
    private final SmsEventListenerFactory factory = new SmsEventListenerFactory();
    private EventListenerProvider listener;

    @BeforeEach
    void keycloak() {
        when(session.singleUseObjects()).thenReturn(store);
        // no realm: the phone index part of the listener has nothing to write
        when(session.realms()).thenReturn(mock(RealmProvider.class));
        listener = factory.create(session);
        lock("realm-1", "u1");
        lock("realm-1", "u2");
        lock("realm-2", "u1");
    }

    private void lock(String realmId, String userId) {
        FailureBound bound = new FailureBound(store, realmId, userId);
        for (int i = 0; i < FailureBound.MAX_CONSECUTIVE_FAILURES; i++) {
            store.request(() -> bound.reserve().failed());
        }
    }

    private boolean locked(String realmId, String userId) {
        return new FailureBound(store, realmId, userId).reached();
    }

    private static AdminEvent event(ResourceType type, OperationType operation, String path) {
        AdminEvent event = new AdminEvent();
        event.setRealmId("realm-1");
        event.setRealmName("shop");
        event.setResourceType(type);
        event.setOperationType(operation);
        event.setResourcePath(path);
        AuthDetails by = new AuthDetails();
        by.setUserId("admin-1");
        event.setAuthDetails(by);
        return event;
    }

    private void send(AdminEvent event) {
        store.request(() -> listener.onEvent(event, false));
    }

    @Test
    @DisplayName("a global listener, so no realm has to enable it")
    void global() {
        assertThat(factory.isGlobal()).isTrue();
        assertThat(factory.getId()).startsWith("sipgate-sms");
    }

    @Test
    @DisplayName("'unlock user' (DELETE attack-detection/brute-force/users/{id}) clears that user's bound in that realm")
    void unlockUser() {
        send(event(ResourceType.USER_LOGIN_FAILURE, OperationType.DELETE, "attack-detection/brute-force/users/u1"));
        assertThat(locked("realm-1", "u1")).isFalse();
        assertThat(locked("realm-1", "u2")).isTrue();
        assertThat(locked("realm-2", "u1")).as("same user id, another realm").isTrue();
    }

    @Test
    @DisplayName("enabling a locked user (PUT users/{id}, which deletes Keycloak's login failures) clears the bound too")
    void enableUser() {
        send(event(ResourceType.USER_LOGIN_FAILURE, OperationType.DELETE, "users/u1"));
        assertThat(locked("realm-1", "u1")).isFalse();
    }

    @Test
    @DisplayName("'unlock all users' cannot enumerate the bounds: nothing cleared, nothing thrown")
    void unlockAll() {
        send(event(ResourceType.USER_LOGIN_FAILURE, OperationType.DELETE, "attack-detection/brute-force/users"));
        assertThat(locked("realm-1", "u1")).isTrue();
        assertThat(locked("realm-1", "u2")).isTrue();
    }

    @Test
    @DisplayName("other admin events and login events leave the bound alone")
    void otherEvents() {
        send(event(ResourceType.USER, OperationType.DELETE, "users/u1"));
        send(event(ResourceType.USER, OperationType.ACTION, "users/u1/logout"));
        send(event(ResourceType.USER_LOGIN_FAILURE, OperationType.UPDATE, "attack-detection/brute-force/users/u1"));
        AdminEvent failed = event(ResourceType.USER_LOGIN_FAILURE, OperationType.DELETE, "attack-detection/brute-force/users/u1");
        failed.setError("unknown_error");
        send(failed);
        AdminEvent custom = event(ResourceType.USER_LOGIN_FAILURE, OperationType.DELETE, "attack-detection/brute-force/users/u1");
        custom.setResourceTypeAsString("SOMETHING_ELSE");
        send(custom);
        Event login = new Event();
        login.setRealmId("realm-1");
        login.setUserId("u1");
        store.request(() -> listener.onEvent(login));
        assertThat(locked("realm-1", "u1")).isTrue();
    }
}
