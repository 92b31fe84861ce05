package io.github.sipgatesms.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.github.sipgatesms.keycloak.CodeStore.Outcome;
import io.github.sipgatesms.keycloak.testsupport.AuthSessions;
import io.github.sipgatesms.keycloak.testsupport.InMemorySingleUseObjects;

@DisplayName("one-time code")
class CodeStoreTest {

    private static final int NOW = 1_000_000;
    private final InMemorySingleUseObjects entries = new InMemorySingleUseObjects();

    static AuthenticationSessionModel session(String rootId, String tabId) {
        return AuthSessions.create(rootId, tabId);
    }

    @Nested
    @DisplayName("generation")
    class Generation {

        @Test
        @DisplayName("codes have exactly the configured number of decimal digits")
        void digits() {
            for (int length = 6; length <= 10; length++) {
                assertThat(OneTimeCode.generate(length)).hasSize(length).containsOnlyDigits();
            }
        }

        @RepeatedTest(3)
        @DisplayName("codes do not repeat and use every digit in every position (CSPRNG, not a counter)")
        void random() {
            Set<String> codes = new HashSet<>();
            Set<Character> firstDigits = new HashSet<>();
            for (int i = 0; i < 500; i++) {
                String code = OneTimeCode.generate(8);
                codes.add(code);
                firstDigits.add(code.charAt(0));
            }
            assertThat(codes).hasSizeGreaterThan(495);
            assertThat(firstDigits).hasSize(10);
        }
    }

    @Nested
    @DisplayName("given a code was issued, then")
    class Issued {

        private final AuthenticationSessionModel session = session("root-1", "tab-1");
        private final CodeStore store = new CodeStore(session);

        @Test
        @DisplayName("only a salted hash is stored, never the code")
        void hashedOnly() {
            store.issue("123456", NOW, "+4915123456789");
            assertThat(AuthSessions.notes(session).values()).noneMatch(v -> v.contains("123456"));
            assertThat(session.getAuthNote(CodeStore.HASH)).isNotBlank();
        }

        @Test
        @DisplayName("it knows the exact number it went to (hashed, bound to the session), not one that masks alike")
        void exactNumber() {
            store.issue("123456", NOW, "+4915123456789");
            assertThat(store.wentTo("+4915123456789")).isTrue();
            assertThat(store.wentTo("+4915223456789")).as("same mask +49 ••• ••• 6789").isFalse();
            assertThat(store.wentTo(null)).isFalse();
            assertThat(store.maskedPhone()).isEqualTo("+49 ••• ••• 6789");
            assertThat(AuthSessions.notes(session).values()).noneMatch(v -> v.contains("23456789"));
            AuthenticationSessionModel other = session("root-1", "tab-2");
            AuthSessions.notes(session).forEach(other::setAuthNote);
            assertThat(new CodeStore(other).wentTo("+4915123456789")).as("copied into another tab").isFalse();
        }

        @Test
        @DisplayName("the right code is accepted once, then void")
        void singleUse() {
            store.issue("123456", NOW, "+4915123456789");
            assertThat(store.verify("123456", NOW + 5, 300, 5, entries)).isEqualTo(Outcome.VALID);
            assertThat(store.verify("123456", NOW + 6, 300, 5, entries)).isEqualTo(Outcome.NO_CODE);
        }

        @Test
        @DisplayName("a wrong code counts; after maxAttempts wrong entries the right one no longer works")
        void attemptsBounded() {
            store.issue("123456", NOW, "+4915123456789");
            assertThat(store.verify("000000", NOW, 300, 3, entries)).isEqualTo(Outcome.WRONG);
            assertThat(store.verify("000001", NOW, 300, 3, entries)).isEqualTo(Outcome.WRONG);
            assertThat(store.verify("000002", NOW, 300, 3, entries)).isEqualTo(Outcome.WRONG_AND_VOID);
            assertThat(store.verify("123456", NOW, 300, 3, entries)).isEqualTo(Outcome.NO_CODE);
        }

        @Test
        @DisplayName("the code is valid up to its lifetime and void after it")
        void expiry() {
            store.issue("123456", NOW, "+4915123456789");
            assertThat(store.verify("123456", NOW + 301, 300, 5, entries)).isEqualTo(Outcome.EXPIRED);
            assertThat(store.verify("123456", NOW + 1, 300, 5, entries)).isEqualTo(Outcome.NO_CODE);

            store.issue("654321", NOW, "+4915123456789");
            assertThat(store.verify("654321", NOW + 300, 300, 5, entries)).isEqualTo(Outcome.VALID);
        }

        @Test
        @DisplayName("a new code replaces the old one: the replaced code is told 'outdated', an older one is wrong")
        void replaced() {
            store.issue("111111", NOW, "+4915123456789");
            store.issue("222222", NOW + 1, "+4915123456789");
            assertThat(store.verify("111111", NOW + 2, 300, 5, entries)).isEqualTo(Outcome.OUTDATED);
            assertThat(store.verify("333333", NOW + 2, 300, 5, entries)).isEqualTo(Outcome.WRONG);
            assertThat(store.verify("222222", NOW + 2, 300, 5, entries)).isEqualTo(Outcome.VALID);
            store.issue("444444", NOW + 3, "+4915123456789");
            assertThat(store.verify("222222", NOW + 4, 300, 5, entries)).as("a used code replaced by a new one").isEqualTo(Outcome.WRONG);
        }

        @Test
        @DisplayName("the hash is bound to its authentication session: copied into another tab it does not match")
        void boundToSession() {
            store.issue("123456", NOW, "+4915123456789");
            AuthenticationSessionModel other = session("root-1", "tab-2");
            AuthSessions.notes(session).forEach(other::setAuthNote);
            assertThat(new CodeStore(other).verify("123456", NOW, 300, 5, entries)).isEqualTo(Outcome.WRONG);
        }

        @Test
        @DisplayName("the cooldown counts from the last send attempt")
        void cooldown() {
            assertThat(store.sends().cooldownRemaining(NOW, 30)).isZero();
            assertThat(store.sends().sentCount()).isZero();
            store.sends().markSent(NOW);
            assertThat(store.sends().sentCount()).isEqualTo(1);
            assertThat(store.sends().cooldownRemaining(NOW + 10, 30)).isEqualTo(20);
            assertThat(store.sends().cooldownRemaining(NOW + 30, 30)).isZero();
            assertThat(store.sends().cooldownRemaining(NOW + 1, 0)).isZero();
        }
    }

    @Test
    @DisplayName("the step remembers that it ran in this session")
    void started() {
        CodeStore fresh = new CodeStore(session("r", "t"));
        assertThat(fresh.sends().started()).isFalse();
        fresh.sends().markStarted();
        assertThat(fresh.sends().started()).isTrue();
    }

    @Test
    @DisplayName("no code issued: nothing verifies")
    void nothingIssued() {
        assertThat(new CodeStore(session("r", "t")).verify("123456", NOW, 300, 5, entries)).isEqualTo(Outcome.NO_CODE);
    }

    @Test
    @DisplayName("comparison handles missing input without failing")
    void nullSafe() {
        assertThat(OneTimeCode.matches(null, "s", "b", "h")).isFalse();
        String hash = OneTimeCode.hash("123456", "salt", "bind");
        assertThat(OneTimeCode.matches("123456", "salt", "bind", hash)).isTrue();
        assertThat(OneTimeCode.matches("123457", "salt", "bind", hash)).isFalse();
    }

    @Test
    @DisplayName("10 concurrent wrong entries count as 10: with 3 allowed, exactly 3 are checked and the code is void")
    void concurrentWrongEntries() throws Exception {
        AuthenticationSessionModel session = session("root-c", "tab-c");
        CodeStore store = new CodeStore(session);
        store.issue("123456", NOW, "+4915123456789");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Outcome>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String wrong = String.format("%06d", i);
            results.add(pool.submit(() -> {
                start.await();
                return new CodeStore(session).verify(wrong, NOW, 300, 3, entries);
            }));
        }
        start.countDown();
        long checked = 0;
        for (Future<Outcome> result : results) {
            Outcome outcome = result.get();
            checked += outcome == Outcome.WRONG || outcome == Outcome.WRONG_AND_VOID ? 1 : 0;
        }
        pool.shutdown();
        assertThat(checked).isEqualTo(3);
        assertThat(store.verify("123456", NOW, 300, 3, entries)).isEqualTo(Outcome.NO_CODE);
    }
}
