package io.github.sipgatesms.keycloak.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.github.sipgatesms.keycloak.testsupport.InMemorySingleUseObjects;

@DisplayName("slots of a rolling-hour cap")
class SlotsTest {

    private final InMemorySingleUseObjects store = new InMemorySingleUseObjects();

    @Test
    @DisplayName("a small cap is probed completely: exactly capacity claims, then refused")
    void smallCapExact() {
        Slots slots = new Slots("t.user", 5, 3600);
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            taken.add(slots.claim(store, store.now()));
        }
        assertThat(taken).hasSize(5).doesNotContainNull();
        assertThat(slots.claim(store, store.now())).isNull();
    }

    @Test
    @DisplayName("a large cap is never exceeded")
    void largeCapNeverExceeded() {
        Slots slots = new Slots("t.realm", 100, 3600);
        for (int i = 0; i < 100; i++) {
            assertThat(slots.claim(store, store.now())).isNotNull();
        }
        for (int i = 0; i < 20; i++) {
            assertThat(slots.claim(store, store.now())).isNull();
        }
    }

    @Test
    @DisplayName("a hint moved back by a late write (a request held by a slow sipgate) does not refuse far below the cap")
    void staleHintStillFindsAFreeSlot() {
        Slots slots = new Slots("t.realm", 1000, 3600);
        for (int i = 0; i < 300; i++) {
            assertThat(slots.claim(store, store.now())).isNotNull();
        }
        // the request that took slot 0 commits its hint only now
        store.put("t.realm.next", 3600, Map.of("next", "1"));
        for (int i = 0; i < 50; i++) {
            assertThat(slots.claim(store, store.now())).as("claim %d with 300 of 1000 slots taken", i).isNotNull();
        }
    }
}
