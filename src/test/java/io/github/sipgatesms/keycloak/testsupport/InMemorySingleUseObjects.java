package io.github.sipgatesms.keycloak.testsupport;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.keycloak.common.util.Time;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * A single-use store for unit tests with the semantics of Keycloak's Infinispan one that the limits rely on:
 * {@code putIfAbsent} is atomic and immediate, entries expire after their lifespan (on a clock the test moves),
 * and {@code replace} keeps no lifespan. {@code put} is applied at once, or, after {@link #transactional()}, like
 * Keycloak: at {@link #commit()} of the calling thread's request, and a second {@code put} of one key in a request
 * throws. Its clock does not follow the wall: it stands at Keycloak's {@link Time} of its creation, and moves with
 * Keycloak's test offset ({@link Time#setOffset}) and what the test {@link #advance}s.
 */
public final class InMemorySingleUseObjects implements SingleUseObjectProvider {

    private record Entry(Map<String, String> notes, long expiresAt) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong advanced = new AtomicLong();
    private final long start = Time.currentTimeSeconds() - Time.getOffset();
    private final ThreadLocal<Map<String, Entry>> pending = ThreadLocal.withInitial(HashMap::new);
    private volatile boolean transactional;

    /** From now on {@code put} takes effect at {@link #commit()}, as in Keycloak. */
    public InMemorySingleUseObjects transactional() {
        transactional = true;
        return this;
    }

    /** Ends the calling thread's request: its {@code put}s take effect. */
    public void commit() {
        entries.putAll(pending.get());
        pending.get().clear();
    }

    /** Ends the calling thread's request without its {@code put}s (a rolled-back request). */
    public void rollback() {
        pending.get().clear();
    }

    public void advance(long seconds) {
        advanced.addAndGet(seconds);
    }

    public long now() {
        return start + Time.getOffset() + advanced.get();
    }

    /** Live keys starting with {@code prefix}. */
    public long count(String prefix) {
        return entries.entrySet().stream().filter(e -> e.getKey().startsWith(prefix) && alive(e.getValue())).count();
    }

    private boolean alive(Entry entry) {
        return entry.expiresAt() > now();
    }

    @Override
    public void put(String key, long lifespanSeconds, Map<String, String> notes) {
        if (lifespanSeconds <= 0) {
            throw new IllegalArgumentException("lifespanSeconds must be positive");
        }
        Entry entry = new Entry(new HashMap<>(notes), now() + lifespanSeconds);
        if (!transactional) {
            entries.put(key, entry);
            return;
        }
        if (pending.get().putIfAbsent(key, entry) != null) {
            // Keycloak's store: a second put of one key in a transaction fails
            throw new IllegalStateException("second put of '" + key + "' in one request");
        }
    }

    @Override
    public Map<String, String> get(String key) {
        Entry entry = entries.get(key);
        return entry == null || !alive(entry) ? null : entry.notes();
    }

    @Override
    public Map<String, String> remove(String key) {
        Entry entry = entries.remove(key);
        return entry == null || !alive(entry) ? null : entry.notes();
    }

    @Override
    public boolean replace(String key, Map<String, String> notes) {
        Entry old = entries.computeIfPresent(key, (k, e) -> alive(e) ? new Entry(notes, Long.MAX_VALUE) : null);
        return old != null;
    }

    @Override
    public boolean putIfAbsent(String key, long lifespanInSeconds) {
        if (lifespanInSeconds <= 0) {
            throw new IllegalArgumentException("lifespanInSeconds must be positive");
        }
        boolean[] added = {false};
        entries.compute(key, (k, existing) -> {
            if (existing != null && alive(existing)) {
                return existing;
            }
            added[0] = true;
            return new Entry(new HashMap<>(), now() + lifespanInSeconds);
        });
        return added[0];
    }

    @Override
    public boolean contains(String key) {
        return get(key) != null;
    }

    @Override
    public void close() {
    }
}
