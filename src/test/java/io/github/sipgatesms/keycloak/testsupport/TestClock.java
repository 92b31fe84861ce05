package io.github.sipgatesms.keycloak.testsupport;

import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.mockStatic;

import java.util.concurrent.atomic.AtomicLong;

import org.keycloak.common.util.Time;
import org.mockito.MockedStatic;

/**
 * The time of a unit test: frozen at {@link #START} and moved only by {@link #advance}, never by the wall clock or a
 * slow machine. {@link InMemorySingleUseObjects} reads it (from any thread); {@link #keycloakTime()} makes Keycloak's
 * {@link Time}, which the production code reads, follow it too. {@link #START} lies years away from the wall clock,
 * so any time still read from the wall shows up as a large difference, not as an occasional second.
 */
public final class TestClock {

    /** 2040-01-01T00:00:00Z. */
    public static final long START = 2_208_988_800L;

    private final AtomicLong seconds = new AtomicLong(START);

    /** The test's time, in seconds since the epoch. */
    public long now() {
        return seconds.get();
    }

    public void advance(long by) {
        if (by < 0) {
            throw new IllegalArgumentException("time does not go back");
        }
        seconds.addAndGet(by);
    }

    /**
     * Until closed, Keycloak's {@link Time} reads this clock in the calling thread (plus Keycloak's test offset,
     * {@link Time#setOffset}, as Keycloak adds it). A static mock: it acts in the thread that opened it only, so the
     * production code under test must run in that thread. Open it before each test and close it after.
     */
    @SuppressWarnings("deprecation")
    public MockedStatic<Time> keycloakTime() {
        MockedStatic<Time> time = mockStatic(Time.class, CALLS_REAL_METHODS);
        time.when(Time::currentTimeMillis).thenAnswer(i -> (now() + Time.getOffset()) * 1000L);
        time.when(Time::currentTimeSeconds).thenAnswer(i -> now() + Time.getOffset());
        time.when(Time::currentTime).thenAnswer(i -> (int) (now() + Time.getOffset()));
        return time;
    }
}
