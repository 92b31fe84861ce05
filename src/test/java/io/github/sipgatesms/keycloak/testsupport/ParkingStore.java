package io.github.sipgatesms.keycloak.testsupport;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * A single-use store that parks its caller once, just before its first write ({@code putIfAbsent} or {@code put}) of a
 * key {@code parkAt} accepts, and runs {@code meanwhile} there: a deterministic interleaving of two requests. Request A
 * runs through this store and has read what it decided on (a ticket it found free, an entry slot); {@code meanwhile}
 * runs request B to its end on another thread (on the wrapped store), then A goes on and writes. No sleeps, no luck.
 */
public final class ParkingStore implements SingleUseObjectProvider {

    /** What runs while the caller is parked; any exception fails the caller. */
    @FunctionalInterface
    public interface Meanwhile {
        void run() throws Exception;
    }

    private final SingleUseObjectProvider store;
    private final Predicate<String> parkAt;
    private final Meanwhile meanwhile;
    private final AtomicBoolean parked = new AtomicBoolean();

    public ParkingStore(SingleUseObjectProvider store, Predicate<String> parkAt, Meanwhile meanwhile) {
        this.store = store;
        this.parkAt = parkAt;
        this.meanwhile = meanwhile;
    }

    /** Whether the caller was parked (the interleaving happened). */
    public boolean parked() {
        return parked.get();
    }

    private void parkBefore(String key) {
        if (parkAt.test(key) && parked.compareAndSet(false, true)) {
            try {
                meanwhile.run();
            } catch (RuntimeException e) {
                throw e;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException("what ran while the request was parked failed", e.getCause());
            } catch (Exception e) {
                throw new IllegalStateException("what ran while the request was parked failed", e);
            }
        }
    }

    @Override
    public void put(String key, long lifespanSeconds, Map<String, String> notes) {
        parkBefore(key);
        store.put(key, lifespanSeconds, notes);
    }

    @Override
    public Map<String, String> get(String key) {
        return store.get(key);
    }

    @Override
    public Map<String, String> remove(String key) {
        return store.remove(key);
    }

    @Override
    public boolean replace(String key, Map<String, String> notes) {
        return store.replace(key, notes);
    }

    @Override
    public boolean putIfAbsent(String key, long lifespanInSeconds) {
        parkBefore(key);
        return store.putIfAbsent(key, lifespanInSeconds);
    }

    @Override
    public boolean contains(String key) {
        return store.contains(key);
    }

    @Override
    public void close() {
        // the wrapped store is the test's
    }
}
