package io.github.sipgatesms.keycloak.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.github.sipgatesms.keycloak.testsupport.AuthSessions;
import io.github.sipgatesms.keycloak.testsupport.InMemorySingleUseObjects;
import io.github.sipgatesms.keycloak.testsupport.ParkingStore;

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
            assertThat(store.verify("123456", NOW + 5, 300, 5, entries)).isEqualTo(Entry.VALID);
            assertThat(store.verify("123456", NOW + 6, 300, 5, entries)).isEqualTo(Entry.NO_CODE);
        }

        @Test
        @DisplayName("a wrong code counts; after maxAttempts wrong entries the right one no longer works")
        void attemptsBounded() {
            store.issue("123456", NOW, "+4915123456789");
            assertThat(store.verify("000000", NOW, 300, 3, entries)).isEqualTo(Entry.WRONG);
            assertThat(store.verify("000001", NOW, 300, 3, entries)).isEqualTo(Entry.WRONG);
            assertThat(store.verify("000002", NOW, 300, 3, entries)).isEqualTo(Entry.WRONG_AND_VOID);
            assertThat(store.verify("123456", NOW, 300, 3, entries)).isEqualTo(Entry.NO_CODE);
        }

        @Test
        @DisplayName("the code is valid up to its lifetime and void after it")
        void expiry() {
            store.issue("123456", NOW, "+4915123456789");
            assertThat(store.verify("123456", NOW + 301, 300, 5, entries)).isEqualTo(Entry.EXPIRED);
            assertThat(store.verify("123456", NOW + 1, 300, 5, entries)).isEqualTo(Entry.NO_CODE);

            store.issue("654321", NOW, "+4915123456789");
            assertThat(store.verify("654321", NOW + 300, 300, 5, entries)).isEqualTo(Entry.VALID);
        }

        @Test
        @DisplayName("a new code replaces the old one: the replaced code is told 'outdated', an older one is wrong")
        void replaced() {
            store.issue("111111", NOW, "+4915123456789");
            store.issue("222222", NOW + 1, "+4915123456789");
            assertThat(store.verify("111111", NOW + 2, 300, 5, entries)).isEqualTo(Entry.OUTDATED);
            assertThat(store.verify("333333", NOW + 2, 300, 5, entries)).isEqualTo(Entry.WRONG);
            assertThat(store.verify("222222", NOW + 2, 300, 5, entries)).isEqualTo(Entry.VALID);
            store.issue("444444", NOW + 3, "+4915123456789");
            assertThat(store.verify("222222", NOW + 4, 300, 5, entries)).as("a used code replaced by a new one").isEqualTo(Entry.WRONG);
        }

        @Test
        @DisplayName("the hash is bound to its authentication session: copied into another tab it does not match")
        void boundToSession() {
            store.issue("123456", NOW, "+4915123456789");
            AuthenticationSessionModel other = session("root-1", "tab-2");
            AuthSessions.notes(session).forEach(other::setAuthNote);
            assertThat(new CodeStore(other).verify("123456", NOW, 300, 5, entries)).isEqualTo(Entry.WRONG);
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
        assertThat(new CodeStore(session("r", "t")).verify("123456", NOW, 300, 5, entries)).isEqualTo(Entry.NO_CODE);
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
        List<Future<Entry>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String wrong = String.format("%06d", i);
            results.add(pool.submit(() -> {
                start.await();
                return verifyInRequest(session, wrong, entries);
            }));
        }
        start.countDown();
        long checked = 0;
        for (Future<Entry> result : results) {
            checked += checked(result.get()) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(checked).isEqualTo(3);
        assertThat(store.verify("123456", NOW, 300, 3, entries)).isEqualTo(Entry.NO_CODE);
    }

    @Test
    @DisplayName("a wrong entry that read the code before three others used up its 3 entry slots is not checked: "
        + "exactly 3 wrong entries are checked, the third voids the code, and the right code then fails")
    void slotsUsedUpWhileAnEntryWaits() throws Exception {
        AuthenticationSessionModel session = session("root-s", "tab-s");
        new CodeStore(session).issue("123456", NOW, "+4915123456789");
        List<Entry> outcomes = new CopyOnWriteArrayList<>();
        // request A has read the code (and the slot state) and is parked before it takes a slot, while B, C and D each
        // enter a wrong code to the end (another thread, each its own request)
        ParkingStore parking = new ParkingStore(entries, key -> key.startsWith("sipgate-sms.code-entries."), () -> {
            for (String wrong : List.of("000001", "000002", "000003")) {
                outcomes.add(onOtherThread(() -> verifyInRequest(session, wrong, entries)));
            }
        });
        outcomes.add(verifyInRequest(session, "000000", parking));
        assertThat(parking.parked()).isTrue();
        outcomes.add(verifyInRequest(session, "000004", entries));
        assertThat(outcomes).as("B, C, D, then A, then E")
            .containsExactly(Entry.WRONG, Entry.WRONG, Entry.WRONG_AND_VOID, Entry.NO_CODE, Entry.NO_CODE);
        assertThat(outcomes).as("entries checked against the code").filteredOn(CodeStoreTest::checked).hasSize(3);
        assertThat(outcomes).as("voided by a wrong entry").filteredOn(Entry.WRONG_AND_VOID::equals).hasSize(1);
        assertThat(verifyInRequest(session, "123456", entries)).as("the right code after them").isEqualTo(Entry.NO_CODE);
    }

    @Test
    @DisplayName("two right codes entered at once: exactly one is accepted (each request has its own copy of the session's notes)")
    void twoRightCodesAtOnce() throws Exception {
        AuthenticationSessionModel session = session("root-r", "tab-r");
        new CodeStore(session).issue("123456", NOW, "+4915123456789");
        // both requests start before either ends: each reads the code from its own copy of the notes
        AuthSessions.Request first = AuthSessions.request(session);
        AuthSessions.Request second = AuthSessions.request(session);
        Entry one = entries.request(() -> new CodeStore(first.session()).verify("123456", NOW + 5, 300, 5, entries));
        Entry two = onOtherThread(() -> new CodeStore(second.session()).verify("123456", NOW + 5, 300, 5, entries));
        first.commit();
        second.commit();
        assertThat(List.of(one, two)).containsExactly(Entry.VALID, Entry.NO_CODE);
        assertThat(verifyInRequest(session, "123456", entries)).as("a third try").isEqualTo(Entry.NO_CODE);
    }

    private static boolean checked(Entry outcome) {
        return outcome == Entry.WRONG || outcome == Entry.WRONG_AND_VOID;
    }

    /** One request entering {@code entered} (3 entries allowed): its own copy of the session, its store writes committed at its end. */
    private Entry verifyInRequest(AuthenticationSessionModel session, String entered, SingleUseObjectProvider slots) {
        try (AuthSessions.Request request = AuthSessions.request(session)) {
            return entries.request(() -> new CodeStore(request.session()).verify(entered, NOW, 300, 3, slots));
        }
    }

    /** One request run to its end on another thread (the store's uncommitted puts are per thread), waited for. */
    private <T> T onOtherThread(Supplier<T> request) throws InterruptedException, ExecutionException {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            return other.submit(() -> entries.request(request)).get();
        } finally {
            other.shutdownNow();
        }
    }
}
