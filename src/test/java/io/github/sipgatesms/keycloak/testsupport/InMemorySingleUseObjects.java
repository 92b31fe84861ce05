package io.github.sipgatesms.keycloak.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * A single-use store for unit tests with the semantics of Keycloak's Infinispan one
 * ({@code InfinispanSingleUseObjectProvider} over {@code InfinispanKeycloakTransaction}, Keycloak 26.7):
 * <ul>
 * <li>{@code put} is applied when the request's transaction commits ({@link #commit()}, or {@link #request}); a second
 * {@code put} of one key in a request throws; {@code get} sees the request's own pending {@code put}s, {@code contains}
 * does not (it asks the cache);</li>
 * <li>{@code putIfAbsent}, {@code remove}, {@code replace} and {@code contains} act on the shared entries at once;
 * {@code putIfAbsent} is atomic;</li>
 * <li>entries expire after their lifespan, counted from when they reach the store, on a {@link TestClock};
 * {@code replace} keeps no lifespan.</li>
 * </ul>
 * A request is a thread's run of calls up to its {@link #commit()} or {@link #rollback()}: a test ends each simulated
 * request with one of them, as Keycloak ends its session transaction.
 */
public final class InMemorySingleUseObjects implements SingleUseObjectProvider {

    private record Entry(Map<String, String> notes, long expiresAt) {
    }

    private record Pending(Map<String, String> notes, long lifespanSeconds) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ThreadLocal<Map<String, Pending>> pending = ThreadLocal.withInitial(LinkedHashMap::new);
    private final TestClock clock;
    private final ConcurrentHashMap<String, Long> operations = new ConcurrentHashMap<>();

    public InMemorySingleUseObjects() {
        this(new TestClock());
    }

    public InMemorySingleUseObjects(TestClock clock) {
        this.clock = clock;
    }

    /** Ends the calling thread's request: its {@code put}s take effect, their lifespans counted from now. */
    public void commit() {
        long now = now();
        pending.get().forEach((key, put) -> entries.put(key, new Entry(put.notes(), now + put.lifespanSeconds())));
        pending.get().clear();
    }

    /** Ends the calling thread's request without its {@code put}s (a rolled-back request). */
    public void rollback() {
        pending.get().clear();
    }

    /** Runs one request in the calling thread: committed when it returns, rolled back when it throws. */
    public <T> T request(Supplier<T> work) {
        T result;
        try {
            result = work.get();
        } catch (RuntimeException | Error e) {
            rollback();
            throw e;
        }
        commit();
        return result;
    }

    /** Runs one request in the calling thread: committed when it returns, rolled back when it throws. */
    public void request(Runnable work) {
        request(() -> {
            work.run();
            return null;
        });
    }

    public TestClock clock() {
        return clock;
    }

    public void advance(long seconds) {
        clock.advance(seconds);
    }

    public long now() {
        return clock.now();
    }

    /** Live keys starting with {@code prefix} (committed ones). */
    public long count(String prefix) {
        return entries.entrySet().stream().filter(e -> e.getKey().startsWith(prefix) && alive(e.getValue())).count();
    }

    /** Every key the store holds or the calling thread's request is about to put. */
    public Set<String> keys() {
        Set<String> keys = new TreeSet<>(entries.keySet());
        keys.addAll(pending.get().keySet());
        return keys;
    }

    private boolean alive(Entry entry) {
        return entry.expiresAt() > now();
    }

    /** The operations on the store so far, by method name ({@code put}, {@code get}, ...), for counting what an SMS costs. */
    public Map<String, Long> operations() {
        return Map.copyOf(operations);
    }

    private void tally(String operation) {
        operations.merge(operation, 1L, Long::sum);
    }

    @Override
    public void put(String key, long lifespanSeconds, Map<String, String> notes) {
        tally("put");
        if (lifespanSeconds <= 0) {
            throw new IllegalArgumentException("lifespanSeconds must be positive");
        }
        if (pending.get().putIfAbsent(key, new Pending(Map.copyOf(notes), lifespanSeconds)) != null) {
            // InfinispanKeycloakTransaction: a second put of one key in a transaction fails
            throw new IllegalStateException("second put of '" + key + "' in one request");
        }
    }

    @Override
    public Map<String, String> get(String key) {
        tally("get");
        Pending own = pending.get().get(key);
        if (own != null) {
            return own.notes();
        }
        Entry entry = entries.get(key);
        return entry == null || !alive(entry) ? null : entry.notes();
    }

    @Override
    public Map<String, String> remove(String key) {
        tally("remove");
        Entry entry = entries.remove(key);
        return entry == null || !alive(entry) ? null : entry.notes();
    }

    @Override
    public boolean replace(String key, Map<String, String> notes) {
        tally("replace");
        Entry old = entries.computeIfPresent(key, (k, e) -> alive(e) ? new Entry(Map.copyOf(notes), Long.MAX_VALUE) : null);
        return old != null;
    }

    @Override
    public boolean putIfAbsent(String key, long lifespanInSeconds) {
        tally("putIfAbsent");
        if (lifespanInSeconds <= 0) {
            throw new IllegalArgumentException("lifespanInSeconds must be positive");
        }
        boolean[] added = {false};
        entries.compute(key, (k, existing) -> {
            if (existing != null && alive(existing)) {
                return existing;
            }
            added[0] = true;
            return new Entry(Map.of(), now() + lifespanInSeconds);
        });
        return added[0];
    }

    @Override
    public boolean contains(String key) {
        tally("contains");
        Entry entry = entries.get(key);
        return entry != null && alive(entry);
    }

    @Override
    public void close() {
    }
}
