package io.github.sipgatesms.keycloak.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.github.sipgatesms.keycloak.testsupport.InMemorySingleUseObjects;

@DisplayName("per-user bound of consecutive wrong codes")
class FailureBoundTest {

    private final InMemorySingleUseObjects store = new InMemorySingleUseObjects();
    private final FailureBound bound = new FailureBound(store, "realm-1", "u1");

    /** {@code times} requests with a wrong code each. */
    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            int attempt = i + 1;
            store.request(() -> {
                FailureBound.Reservation check = bound.reserve();
                assertThat(check).as("check %d", attempt).isNotNull();
                check.failed();
            });
        }
    }

    /** One request with a right code. */
    private void succeed() {
        store.request(() -> bound.reserve().succeeded());
    }

    @Test
    @DisplayName("100 wrong codes are checked, the 101st check is refused")
    void hundred() {
        fail(99);
        assertThat(bound.reached()).isFalse();
        fail(1);
        assertThat(bound.reached()).isTrue();
        assertThat(bound.reserve()).isNull();
        assertThat(new FailureBound(store, "realm-1", "u2").reached()).as("another user").isFalse();
    }

    @Test
    @DisplayName("a right code resets the count")
    void successResets() {
        fail(99);
        succeed();
        fail(99);
        assertThat(bound.reached()).isFalse();
        succeed();
        assertThat(bound.reserve()).isNotNull();
    }

    @Test
    @DisplayName("a right code with no failure before leaves nothing behind")
    void cleanSuccess() {
        succeed();
        assertThat(store.count("sipgate-sms.realm-1.failures.u1")).isZero();
    }

    @Test
    @DisplayName("a check that did not happen (no or expired code) is not counted")
    void notCounted() {
        for (int i = 0; i < 150; i++) {
            store.request(() -> bound.reserve().notCounted());
        }
        assertThat(bound.reached()).isFalse();
    }

    @Test
    @DisplayName("the bound lifts a day after the last counted failure")
    void forgets() {
        fail(100);
        store.advance(24 * 3600 - 1);
        assertThat(bound.reached()).isTrue();
        store.advance(1);
        assertThat(bound.reached()).isFalse();
    }

    @Test
    @DisplayName("48 hours of one wrong code every 20 minutes, right after a right code: the 100th consecutive one reaches the bound")
    void noFallBackOverTwoDays() {
        fail(40);
        succeed();
        for (int wrong = 0; wrong < 144; wrong++) {
            store.advance(20 * 60);
            int attempt = wrong + 1;
            store.request(() -> {
                FailureBound.Reservation check = bound.reserve();
                if (attempt <= 100) {
                    assertThat(check).as("wrong code %d, %d min after the right one", attempt, attempt * 20).isNotNull();
                    check.failed();
                } else {
                    assertThat(check).as("wrong code %d: the bound holds", attempt).isNull();
                }
            });
        }
        assertThat(bound.reached()).isTrue();
    }

    @Test
    @DisplayName("failures just before and just after a day since the right code count together")
    void generationBoundary() {
        fail(10);
        succeed();
        store.advance(24 * 3600 - 60);
        fail(99);
        store.advance(120);
        assertThat(bound.reached()).isFalse();
        fail(1);
        assertThat(bound.reached()).as("100 consecutive wrong codes, across the day boundary of the right code").isTrue();
    }

    @Test
    @DisplayName("a day without a wrong code lets the count fall back")
    void fallsBackAfterADay() {
        fail(60);
        store.advance(24 * 3600);
        fail(99);
        assertThat(bound.reached()).isFalse();
    }

    @Test
    @DisplayName("an administrator's reset lifts the bound at once; the count starts again from zero and nothing is left behind")
    void clear() {
        fail(100);
        assertThat(bound.reached()).isTrue();
        store.request(bound::clear);
        assertThat(bound.reached()).isFalse();
        assertThat(store.count("sipgate-sms.realm-1.failures.u1")).as("the old generation's slots").isZero();
        fail(99);
        assertThat(bound.reached()).as("99 wrong codes since the reset").isFalse();
        fail(1);
        assertThat(bound.reached()).isTrue();
    }

    @Test
    @DisplayName("a reset leaves other users' counts alone and is harmless without a count")
    void clearOneUserOnly() {
        fail(100);
        FailureBound other = new FailureBound(store, "realm-1", "u2");
        store.request(other::clear);
        assertThat(bound.reached()).isTrue();
        assertThat(other.reached()).isFalse();
        assertThat(new FailureBound(store, "realm-2", "u1").reached()).as("same user id, another realm").isFalse();
    }

    @Test
    @DisplayName("a wrong code checked while the reset runs does not bring the old count back")
    void clearDuringACheck() {
        // without the reset, slot 99 of this check would be the 100th
        fail(99);
        FailureBound.Reservation inFlight = bound.reserve();
        bound.clear();
        store.commit();
        inFlight.failed();
        store.commit();
        fail(98);
        assertThat(bound.reached()).as("at most 99 counted wrong codes since the reset").isFalse();
    }

    @Test
    @DisplayName("concurrent guesses cannot get more than 100 checks")
    void concurrent() throws Exception {
        fail(90);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return store.request(() -> bound.reserve() != null);
            }));
        }
        start.countDown();
        int checked = 0;
        for (Future<Boolean> result : results) {
            checked += result.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(checked).isEqualTo(10);
    }
}
