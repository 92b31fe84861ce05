package io.github.sipgatesms.keycloak.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.sipgatesms.keycloak.config.ServerOptions;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.testsupport.InMemorySingleUseObjects;

/**
 * The limits against a reference model that keeps the exact send times of every bucket: thousands of claims by a few
 * users and numbers, at login and registration, two requests at a time whose {@code put}s take effect only at commit
 * (as in Keycloak), with caps below and above 64 lowered and raised in the middle of the hour. At every grant, the SMS
 * of the rolling hour stay within the cap in force, and a claim is refused only when some limit really is reached or a
 * concurrent request took the last place.
 */
@DisplayName("send limits against a reference model")
class SendLimitsModelTest {

    private static final String[] USERS = {"u1", "u2", "u3", "u4"};
    private static final String[] NUMBERS = {"+4915100000001", "+4915100000002", "+4915100000003"};

    /** The exact send times of one bucket. */
    private static final class Counted {
        final List<Long> sent = new ArrayList<>();

        long inLastHour(long now) {
            return sent.stream().filter(t -> t > now - SendLimits.HOUR).count();
        }
    }

    private final Map<String, Counted> model = new HashMap<>();

    private Counted bucket(String key) {
        return model.computeIfAbsent(key, k -> new Counted());
    }

    private static SmsConfig config(int userCap, int numberCap, int realmCap, int cooldown) {
        return SmsConfig.of(Map.of("maxSmsPerUserPerHour", Integer.toString(userCap), "maxSmsPerNumberPerHour", Integer.toString(numberCap),
            "maxSmsPerRealmPerHour", Integer.toString(realmCap), "resendCooldownSeconds", Integer.toString(cooldown)), ServerOptions.NONE);
    }

    private record Attempt(String user, String number, Bucket purpose) {
        List<String> buckets() {
            return List.of("user." + user, purpose + "." + number, "realm");
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    @DisplayName("at every grant the SMS of the last hour are within the cap in force, through lowered and raised caps")
    void capsHold(long seed) throws Exception {
        Random random = new Random(seed);
        InMemorySingleUseObjects store = new InMemorySingleUseObjects();
        SendLimits limits = new SendLimits(store, "realm-1");
        int userCap = 8;
        int numberCap = 6;
        int realmCap = 90;
        int cooldown = 20;
        int grants = 0;
        int refusals = 0;
        // the second request of each pair runs on a thread of its own: its puts wait for its own commit
        ExecutorService otherRequest = Executors.newSingleThreadExecutor();
        try {
        for (int step = 0; step < 4000; step++) {
            if (random.nextInt(100) == 0) {
                // an administrator changes the caps mid-hour: below and above 64, lowered and raised
                userCap = 1 + random.nextInt(12);
                numberCap = 1 + random.nextInt(10);
                realmCap = random.nextBoolean() ? 1 + random.nextInt(40) : 64 + random.nextInt(120);
                cooldown = random.nextInt(3) == 0 ? 0 : random.nextInt(60);
            }
            SmsConfig config = config(userCap, numberCap, realmCap, cooldown);
            store.advance(random.nextInt(25));
            long now = store.now();

            // two requests at once: both decide before either commits
            Attempt first = attempt(random);
            Attempt second = attempt(random);
            SendLimits.Decision a = limits.claim(first.user(), first.number(), first.purpose(), config, now);
            SendLimits.Decision b = otherRequest.submit(() -> limits.claim(second.user(), second.number(), second.purpose(), config, now))
                .get();
            store.commit();
            otherRequest.submit(store::commit).get();
            for (Object[] pair : new Object[][] {{first, a}, {second, b}}) {
                Attempt attempt = (Attempt) pair[0];
                SendLimits.Decision decision = (SendLimits.Decision) pair[1];
                if (decision.allowed()) {
                    grants++;
                    attempt.buckets().forEach(key -> bucket(key).sent.add(now));
                    assertThat(bucket("user." + attempt.user()).inLastHour(now)).as("user cap %d at step %d", userCap, step)
                        .isLessThanOrEqualTo(userCap);
                    assertThat(bucket(attempt.purpose() + "." + attempt.number()).inLastHour(now)).as("number cap %d at step %d",
                        numberCap, step).isLessThanOrEqualTo(numberCap);
                    assertThat(bucket("realm").inLastHour(now)).as("realm cap %d at step %d", realmCap, step).isLessThanOrEqualTo(realmCap);
                } else {
                    refusals++;
                    assertThat(decision.waitSeconds()).isPositive();
                }
            }
        }
        } finally {
            otherRequest.shutdownNow();
        }
        assertThat(grants).as("grants").isGreaterThan(250);
        assertThat(refusals).as("refusals").isGreaterThan(500);
    }

    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {5, 64, 200})
    @DisplayName("one request at a time: granted exactly while fewer than the cap in force were sent in the last hour")
    void exactWithoutConcurrency(int cap) {
        InMemorySingleUseObjects store = new InMemorySingleUseObjects();
        SendLimits limits = new SendLimits(store, "realm-1");
        Random random = new Random(cap);
        int current = cap;
        Counted realm = new Counted();
        for (int step = 0; step < 3000; step++) {
            if (step % 400 == 399) {
                current = Math.max(1, cap / 2 + random.nextInt(cap + 1));
            }
            store.advance(random.nextInt(4));
            long now = store.now();
            String user = "user-" + step;
            String number = String.format("+49151%08d", step);
            boolean expected = realm.inLastHour(now) < current;
            boolean granted = limits.claim(user, number, config(1000, 1000, current, 0), now).allowed();
            store.commit();
            assertThat(granted).as("step %d: %d sent in the hour, cap %d", step, realm.inLastHour(now), current).isEqualTo(expected);
            if (granted) {
                realm.sent.add(now);
            }
        }
    }

    private static Attempt attempt(Random random) {
        return new Attempt(USERS[random.nextInt(USERS.length)], NUMBERS[random.nextInt(NUMBERS.length)],
            random.nextInt(4) == 0 ? Bucket.REGISTRATION : Bucket.LOGIN);
    }
}
