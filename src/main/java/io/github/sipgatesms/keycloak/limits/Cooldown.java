package io.github.sipgatesms.keycloak.limits;

import java.util.Map;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * A cooldown claimed with {@code putIfAbsent} (atomic and visible at once on every cluster node): the
 * claim succeeds for one request only until the entry expires. Its start time sits beside it, for the wait
 * shown to the user.
 */
final class Cooldown {

    private final String key;
    private final int seconds;

    Cooldown(String key, int seconds) {
        this.key = key;
        this.seconds = seconds;
    }

    /** The claimed key, or {@code null} when the cooldown is running (or none is configured: then {@link #NONE}). */
    String claim(SingleUseObjectProvider store, long now) {
        if (seconds <= 0) {
            return NONE;
        }
        if (!store.putIfAbsent(key, seconds)) {
            return null;
        }
        store.put(key + Slots.AT_SUFFIX, seconds, Map.of(Slots.AT, Long.toString(now)));
        return key;
    }

    /** Seconds until the running cooldown ends, at least 1. */
    long waitSeconds(SingleUseObjectProvider store, long now) {
        return Slots.remaining(store.get(key + Slots.AT_SUFFIX), seconds, now);
    }

    /** Marker of a claim that holds nothing (cooldown 0): releasing it is a no-op. */
    static final String NONE = "";
}
