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
 * and {@code replace} keeps no lifespan. {@code put} is applied at once here (Keycloak applies it at commit).
 * Its clock is Keycloak's {@link Time} (with its test offset) plus what the test {@link #advance}s.
 */
public final class InMemorySingleUseObjects implements SingleUseObjectProvider {

    private record Entry(Map<String, String> notes, long expiresAt) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong advanced = new AtomicLong();

    public void advance(long seconds) {
        advanced.addAndGet(seconds);
    }

    public long now() {
        return Time.currentTimeSeconds() + advanced.get();
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
        entries.put(key, new Entry(new HashMap<>(notes), now() + lifespanSeconds));
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
