package io.github.sipgatesms.keycloak.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.github.sipgatesms.keycloak.testsupport.InMemorySingleUseObjects;

/** SECURITY.md 44: the check of the single-use store's one promise, on a sound store and on the ways a store breaks it. */
@DisplayName("the store check: a sound store passes and keeps nothing; each broken promise is named with what to do")
class StoreGuaranteeTest {

    private final InMemorySingleUseObjects store = spy(new InMemorySingleUseObjects());

    @Test
    @DisplayName("Keycloak's semantics: sound, and the check's keys are gone afterwards")
    void sound() {
        assertThat(StoreGuarantee.probe(store)).isNull();
        assertThat(store.keys()).isEmpty();
    }

    @Test
    @DisplayName("a second putIfAbsent of one key accepted (CVE-2026-90997): named, with the fixed version and the docs")
    void secondClaimWins() {
        doReturn(true).when(store).putIfAbsent(anyString(), eq(60L));
        assertThat(StoreGuarantee.probe(store)).contains("accepted a second putIfAbsent").contains("lifespan 60 s")
            .contains("26.7.4").contains("docs/versions.md").contains("restart the node");
    }

    @Test
    @DisplayName("a short lifespan lets every caller win (keycloak#50481's kind): named")
    void shortLifespanWins() {
        doReturn(true).when(store).putIfAbsent(anyString(), eq(1L));
        assertThat(StoreGuarantee.probe(store)).contains("accepted a second putIfAbsent").contains("lifespan 1 s");
    }

    @Test
    @DisplayName("a fresh key refused: named (every cap would wait forever)")
    void freshKeyRefused() {
        doReturn(false).when(store).putIfAbsent(anyString(), eq(60L));
        assertThat(StoreGuarantee.probe(store)).contains("refused the first putIfAbsent");
    }

    @Test
    @DisplayName("first use checks once per node and remembers: a later request costs no store operation")
    void checkedOnce() {
        StoreGuarantee guarantee = new StoreGuarantee();
        assertThat(guarantee.firstUse(store)).isNull();
        assertThat(guarantee.firstUse(store)).isNull();
        verify(store, times(4)).putIfAbsent(anyString(), anyLong());
    }
}
