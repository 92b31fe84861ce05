package io.github.sipgatesms.keycloak.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import io.github.sipgatesms.keycloak.config.ServerOptions;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.testsupport.InMemorySingleUseObjects;
import io.github.sipgatesms.keycloak.testsupport.ParkingStore;

@DisplayName("cluster-wide send limits")
class SendLimitsTest {

    private static final String ALICE = "+4915123456789";
    private static final String BOB = "+4915198765432";

    private final InMemorySingleUseObjects store = new InMemorySingleUseObjects();
    private final SendLimits limits = new SendLimits(store, "realm-1");

    private static SmsConfig config(int cooldown, int perUser, int perNumber, int perRealm) {
        Map<String, String> values = new HashMap<>();
        values.put("resendCooldownSeconds", Integer.toString(cooldown));
        values.put("maxSmsPerUserPerHour", Integer.toString(perUser));
        values.put("maxSmsPerNumberPerHour", Integer.toString(perNumber));
        values.put("maxSmsPerRealmPerHour", Integer.toString(perRealm));
        return SmsConfig.of(values, ServerOptions.NONE);
    }

    /** One request: the claim, then the commit of the request's {@code put}s. */
    private SendLimits.Decision claim(String user, String number, SmsConfig config) {
        return store.request(() -> limits.claim(user, number, config, store.now()));
    }

    @Nested
    @DisplayName("each limit fires at its cap and not before")
    class Caps {

        @Test
        @DisplayName("per user: 3 SMS an hour, the fourth is refused until the first one is an hour old")
        void perUser() {
            SmsConfig config = config(0, 3, 100, 100);
            for (int i = 0; i < 3; i++) {
                assertThat(claim("u1", "+491512345678" + i, config).allowed()).as("SMS %d", i + 1).isTrue();
                store.advance(600);
            }
            SendLimits.Decision fourth = claim("u1", "+4915123456783", config);
            assertThat(fourth.refused()).containsExactly(Limit.USER_HOURLY);
            assertThat(fourth.waitSeconds()).isEqualTo(1800);
            assertThat(fourth.waitMinutesRounded()).isEqualTo(30);
            assertThat(claim("u2", ALICE, config).allowed()).as("another user").isTrue();
            store.advance(1800);
            assertThat(claim("u1", BOB, config).allowed()).as("the first SMS is an hour old").isTrue();
            assertThat(claim("u1", BOB, config).allowed()).isFalse();
        }

        @Test
        @DisplayName("per number: users sharing a number share its cap")
        void perNumber() {
            SmsConfig config = config(0, 100, 2, 100);
            assertThat(claim("u1", ALICE, config).allowed()).isTrue();
            assertThat(claim("u2", ALICE, config).allowed()).isTrue();
            assertThat(claim("u3", ALICE, config).refused()).containsExactly(Limit.NUMBER_HOURLY);
            assertThat(claim("u3", BOB, config).allowed()).isTrue();
        }

        @Test
        @DisplayName("per realm: the budget counts every user and number")
        void perRealm() {
            SmsConfig config = config(0, 100, 100, 3);
            assertThat(claim("u1", ALICE, config).allowed()).isTrue();
            assertThat(claim("u2", BOB, config).allowed()).isTrue();
            assertThat(claim("u3", "+4915111111111", config).allowed()).isTrue();
            assertThat(claim("u4", "+4915122222222", config).refused()).containsExactly(Limit.REALM_HOURLY);
            assertThat(store.request(() -> new SendLimits(store, "realm-2").claim("u4", "+4915122222222", config, store.now())).allowed())
                .as("another realm has its own budget").isTrue();
        }

        @Test
        @DisplayName("cooldown: a second SMS to the user within the cooldown is refused with the seconds left")
        void cooldown() {
            SmsConfig config = config(30, 100, 100, 100);
            assertThat(claim("u1", ALICE, config).allowed()).isTrue();
            store.advance(10);
            SendLimits.Decision second = claim("u1", ALICE, config);
            assertThat(second.cooldownOnly()).isTrue();
            assertThat(second.waitSeconds()).isEqualTo(20);
            store.advance(20);
            assertThat(claim("u1", ALICE, config).allowed()).isTrue();
        }

        @Test
        @DisplayName("cooldown: an administrator's reset ends the user's running cooldown at once, and only that user's")
        void cooldownCleared() {
            SmsConfig config = config(600, 100, 100, 100);
            assertThat(claim("u1", ALICE, config).allowed()).isTrue();
            assertThat(claim("u2", BOB, config).allowed()).isTrue();
            store.request(() -> limits.clearCooldown("u1"));
            assertThat(store.count("sipgate-sms.realm-1.cooldown.u1")).as("the cooldown and its start time").isZero();
            assertThat(claim("u1", ALICE, config).allowed()).isTrue();
            assertThat(claim("u1", ALICE, config).cooldownOnly()).as("the new SMS starts a new cooldown").isTrue();
            assertThat(claim("u2", BOB, config).cooldownOnly()).as("another user").isTrue();
        }
    }

    @Test
    @DisplayName("realm budget: a granted SMS reports the SMS of the last hour; the first to reach 80 % warns, once per hour; a changed budget counts the live SMS")
    void budgetUsage() {
        SmsConfig config = config(0, 100, 100, 10);
        List<Long> used = new ArrayList<>();
        List<Boolean> warnings = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            SendLimits.Decision decision = claim("u" + i, "+49151200000" + (10 + i), config);
            used.add(decision.realmUsed());
            warnings.add(decision.budgetWarning());
            assertThat(decision.realmBudget()).isEqualTo(10);
            store.advance(300);
        }
        assertThat(used).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(warnings).containsExactly(false, false, false, false, false, false, false, true, false, false);
        // an hour after the first SMS it has expired: 9 of the 10 are within the hour, plus this one
        store.advance(3600 - 3000);
        SendLimits.Decision afterHour = claim("v1", "+4915130000001", config);
        assertThat(afterHour.realmUsed()).isEqualTo(10);
        assertThat(afterHour.budgetWarning()).as("already warned this hour").isFalse();
        // the budget raised to 12 with 9 live (the second SMS expired too): the count stays true
        store.advance(400);
        SendLimits.Decision raised = claim("v2", "+4915130000002", config(0, 100, 100, 12));
        assertThat(raised.realmUsed()).isEqualTo(10);
        assertThat(raised.realmBudget()).isEqualTo(12);
        // over an hour later (every SMS above expired, and the warning of that hour too): above 80 % warns again
        store.advance(3600);
        SendLimits.Decision fresh = claim("v4", "+4915130000004", config(0, 100, 100, 1));
        assertThat(fresh.realmUsed()).isEqualTo(1);
        assertThat(fresh.budgetWarning()).isTrue();
    }

    @Test
    @DisplayName("a refused claim gives back what it took: a realm budget refusal does not use up the user's cap")
    void refusalGivesBack() {
        SmsConfig tight = config(0, 2, 100, 1);
        assertThat(claim("u1", ALICE, tight).allowed()).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(claim("u2", BOB, tight).refused()).containsExactly(Limit.REALM_HOURLY);
        }
        SmsConfig roomy = config(0, 2, 100, 100);
        assertThat(claim("u2", BOB, roomy).allowed()).isTrue();
        assertThat(claim("u2", BOB, roomy).allowed()).isTrue();
        assertThat(claim("u2", BOB, roomy).refused()).containsExactly(Limit.USER_HOURLY);
    }

    @Test
    @DisplayName("the wait shown to users is rounded coarsely: to the minute up to 5, then to 5 minutes")
    void rounding() {
        assertThat(new SendLimits.Decision(Set.of(Limit.USER_HOURLY), 1).waitMinutesRounded()).isEqualTo(1);
        assertThat(new SendLimits.Decision(Set.of(Limit.USER_HOURLY), 241).waitMinutesRounded()).isEqualTo(5);
        assertThat(new SendLimits.Decision(Set.of(Limit.USER_HOURLY), 301).waitMinutesRounded()).isEqualTo(10);
        assertThat(new SendLimits.Decision(Set.of(Limit.NUMBER_HOURLY), 3599).waitMinutesRounded()).isEqualTo(60);
    }

    @Test
    @DisplayName("the store holds no phone number in clear")
    void noNumberInKeys() {
        claim("u1", ALICE, config(30, 5, 5, 5));
        assertThat(store.count("sipgate-sms.realm-1.number." + SendLimits.hash(ALICE))).isPositive();
        assertThat(store.keys()).isNotEmpty().noneMatch(key -> key.contains("15123456789"));
        assertThat(store.keys().stream().map(store::get).filter(Objects::nonNull).flatMap(notes -> notes.values().stream()))
            .noneMatch(value -> value.contains("15123456789"));
    }

    @Test
    @DisplayName("two requests at once, both deciding before either commits: one SMS passes the cooldown and one the last place of a cap")
    void uncommittedRequests() throws Exception {
        SmsConfig cooldown = config(30, 100, 100, 100);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            SendLimits.Decision first = limits.claim("u1", ALICE, cooldown, store.now());
            SendLimits.Decision second = other.submit(() -> limits.claim("u1", ALICE, cooldown, store.now())).get();
            store.commit();
            other.submit(store::commit).get();
            assertThat(List.of(first.allowed(), second.allowed())).as("cooldown").containsExactlyInAnyOrder(true, false);

            store.advance(30);
            SmsConfig lastPlace = config(0, 2, 100, 100);
            SendLimits.Decision third = limits.claim("u1", ALICE, lastPlace, store.now());
            SendLimits.Decision fourth = other.submit(() -> limits.claim("u1", ALICE, lastPlace, store.now())).get();
            store.commit();
            other.submit(store::commit).get();
            assertThat(List.of(third.allowed(), fourth.allowed())).as("user cap 2, one SMS sent").containsExactlyInAnyOrder(true, false);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    @DisplayName("registrations use at most registrationSharePercent of the realm budget; logins keep the rest")
    void registrationShare() {
        Map<String, String> values = new HashMap<>(Map.of("resendCooldownSeconds", "0", "maxSmsPerUserPerHour", "100",
            "maxSmsPerNumberPerHour", "100", "maxSmsPerRealmPerHour", "10", "registrationSharePercent", "20"));
        SmsConfig config = SmsConfig.of(values, ServerOptions.NONE);
        for (int i = 0; i < 2; i++) {
            String user = "new-" + i;
            assertThat(store.request(() -> limits.claim(user, BOB, Bucket.REGISTRATION, config, store.now())).allowed()).isTrue();
        }
        assertThat(store.request(() -> limits.claim("new-3", ALICE, Bucket.REGISTRATION, config, store.now())).refused())
            .containsExactly(Limit.REGISTRATION_HOURLY);
        for (int i = 0; i < 8; i++) {
            assertThat(claim("u" + i, ALICE, config).allowed()).as("login %d of the realm's remaining 8", i).isTrue();
        }
        assertThat(claim("u9", ALICE, config).refused()).containsExactly(Limit.REALM_HOURLY);
        assertThat(SendLimits.registrationShare(SmsConfig.of(Map.of("maxSmsPerRealmPerHour", "3"), ServerOptions.NONE)))
            .as("at least one").isEqualTo(1);
    }

    @Test
    @DisplayName("each bucket has its own cooldown and hourly caps: strangers' proof-less requests leave a user's login SMS alone, "
        + "and confirming a new number right after a login's code does not wait out the login's cooldown")
    void bucketsAreOwnResources() {
        SmsConfig config = config(30, 5, 5, 500);
        for (int i = 0; i < 5; i++) {
            assertThat(store.request(() -> limits.claim("u1", ALICE, Bucket.PROOFLESS, config, store.now())).allowed())
                .as("proof-less request %d", i).isTrue();
            store.advance(31);
        }
        assertThat(store.request(() -> limits.claim("u1", ALICE, Bucket.PROOFLESS, config, store.now())).refused())
            .as("the proof-less buckets are used up").contains(Limit.USER_HOURLY);
        assertThat(claim("u1", ALICE, config).allowed()).as("the user's login SMS at once").isTrue();
        assertThat(store.request(() -> limits.claim("u1", BOB, Bucket.REGISTRATION, config, store.now())).allowed())
            .as("a registration right after the login's SMS").isTrue();
        assertThat(claim("u1", ALICE, config).refused()).as("the login's own cooldown still holds").containsExactly(Limit.USER_COOLDOWN);
    }

    @Test
    @DisplayName("proof-less sends use at most prooflessSharePercent of the realm budget; logins keep the rest")
    void prooflessShare() {
        SmsConfig config = SmsConfig.of(Map.of("resendCooldownSeconds", "0", "maxSmsPerUserPerHour", "100", "maxSmsPerNumberPerHour",
            "100", "maxSmsPerRealmPerHour", "10", "prooflessSharePercent", "20"), ServerOptions.NONE);
        for (int i = 0; i < 2; i++) {
            String user = "victim-" + i;
            assertThat(store.request(() -> limits.claim(user, BOB, Bucket.PROOFLESS, config, store.now())).allowed()).isTrue();
        }
        assertThat(store.request(() -> limits.claim("victim-3", ALICE, Bucket.PROOFLESS, config, store.now())).refused())
            .containsExactly(Limit.PROOFLESS_HOURLY);
        for (int i = 0; i < 8; i++) {
            assertThat(claim("u" + i, ALICE, config).allowed()).as("login %d of the realm's remaining 8", i).isTrue();
        }
    }

    @Test
    @DisplayName("claims stop at the first refusal: a claim that loses the number's last place to a concurrent one takes no realm ticket")
    void stopsAtFirstRefusal() {
        SmsConfig onePerNumber = config(0, 100, 1, 100);
        // request A decided that the number has room, and is parked before its number ticket until B has claimed
        ParkingStore parking = new ParkingStore(store, key -> key.contains(".registration-number.") && key.contains(".t."),
            () -> assertThat(onOtherThread(() -> limits.claim("u2", ALICE, Bucket.REGISTRATION, onePerNumber, store.now()))
                .allowed()).as("B").isTrue());
        SendLimits.Decision a = store.request(() -> new SendLimits(parking, "realm-1").claim("u1", ALICE, Bucket.REGISTRATION,
            onePerNumber, store.now()));
        assertThat(parking.parked()).isTrue();
        assertThat(a.refused()).containsExactly(Limit.NUMBER_HOURLY);
        assertThat(store.keys().stream().filter(key -> key.matches(".*\\.realm\\.t\\.\\d+"))).as("realm tickets: B's only").hasSize(1);
    }

    @Test
    @DisplayName("a cap of 3 with one place left, taken by another request between a request's check and its claim: "
        + "exactly 3 SMS are granted and the late one is refused, in a fresh hour and in a rolling one")
    void lastPlaceTakenBetweenCheckAndClaim() {
        SmsConfig config = config(0, 3, 100, 100);
        List<Boolean> granted = new ArrayList<>();
        granted.add(claim("u1", ALICE, config).allowed());
        store.advance(600);
        granted.add(claim("u1", ALICE, config).allowed());
        store.advance(600);
        // A finds the third place free (ticket 2), B takes it; A then gets ticket 3 while ticket 0 is alive: refused
        Race race = raceForLastPlace("u1", config);
        granted.add(race.b().allowed());
        granted.add(race.a().allowed());
        granted.add(claim("u1", ALICE, config).allowed());
        assertThat(granted).as("2 before, B, A, one after").containsExactly(true, true, true, false, false);
        assertThat(race.a().refused()).as("A").containsExactly(Limit.USER_HOURLY);

        // an hour after the second SMS its ticket (1) has expired: tickets 2 (B's) and 3 (A's refused one) are alive, one place
        store.advance(3000);
        // A finds ticket 4 free as ticket 1 is gone, B takes it; A then gets ticket 5 while ticket 2 is alive: refused
        Race rolled = raceForLastPlace("u1", config);
        assertThat(rolled.b().allowed()).as("B in the rolling hour").isTrue();
        assertThat(rolled.a().refused()).as("A in the rolling hour").containsExactly(Limit.USER_HOURLY);
        assertThat(claim("u1", ALICE, config).refused()).as("a late SMS in the rolling hour").containsExactly(Limit.USER_HOURLY);
    }

    /** Two requests' decisions: A checked first, B claimed while A was parked between its check and its claim. */
    private record Race(SendLimits.Decision a, SendLimits.Decision b) {
    }

    /**
     * Request A of {@code user} checks the limits and is parked before it takes its user ticket, until request B of the
     * same user (on another thread, same store) has claimed.
     */
    private Race raceForLastPlace(String user, SmsConfig config) {
        AtomicReference<SendLimits.Decision> b = new AtomicReference<>();
        ParkingStore parking = new ParkingStore(store, key -> key.startsWith("sipgate-sms.realm-1.user." + user + ".t."),
            () -> b.set(onOtherThread(() -> limits.claim(user, ALICE, config, store.now()))));
        SendLimits.Decision a = store.request(() -> new SendLimits(parking, "realm-1").claim(user, ALICE, config, store.now()));
        assertThat(parking.parked()).as("A was parked between its check and its claim").isTrue();
        return new Race(a, b.get());
    }

    /** One request run to its end on another thread (the store's uncommitted puts are per thread), waited for. */
    private <T> T onOtherThread(Supplier<T> request) throws InterruptedException, ExecutionException {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            return other.submit(() -> store.request(request)).get();
        } finally {
            other.shutdownNow();
        }
    }

    @RepeatedTest(5)
    @DisplayName("20 concurrent registration resends to one number with a cap of 1: one SMS, and one realm ticket (the refused take none)")
    void concurrentRegistrationResends() throws Exception {
        SmsConfig config = config(0, 100, 1, 500);
        int granted = grantedOf(20, () -> store.request(() -> limits.claim("u1", ALICE, Bucket.REGISTRATION, config,
            store.now())).allowed());
        assertThat(granted).as("the number cap (1) lets one through").isEqualTo(1);
        assertThat(store.keys().stream().filter(key -> key.matches(".*\\.realm\\.t\\.\\d+"))).as("realm tickets").hasSize(1);
    }

    @RepeatedTest(5)
    @DisplayName("16 concurrent claims for one user never exceed a cap of 3")
    void concurrent() throws Exception {
        SmsConfig config = config(0, 3, 100, 100);
        assertThat(grantedOf(16, () -> claim("u1", ALICE, config).allowed())).isEqualTo(3);
    }

    /** Runs {@code claim} on {@code threads} threads released at once; how many were granted. */
    private static int grantedOf(int threads, Callable<Boolean> claim) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return claim.call();
                }));
            }
            start.countDown();
            int granted = 0;
            for (Future<Boolean> result : results) {
                granted += result.get() ? 1 : 0;
            }
            return granted;
        } finally {
            pool.shutdown();
        }
    }
}
