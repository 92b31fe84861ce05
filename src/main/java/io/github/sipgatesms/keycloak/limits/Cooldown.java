package io.github.sipgatesms.keycloak.limits;

import java.util.Map;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * A cooldown claimed with {@code putIfAbsent} (atomic and visible at once on every cluster node): the claim succeeds
 * for one request only until the entry expires. Its start time sits beside it, for the wait shown to the user.
 */
final class Cooldown {

    private final String key;
    private final int seconds;

    Cooldown(String key, int seconds) {
        this.key = key;
        this.seconds = seconds;
    }

    /** Whether the cooldown is running now (reads only). */
    boolean running(SingleUseObjectProvider store) {
        return seconds > 0 && store.contains(key);
    }

    /** Starts the cooldown; false when it is running (another request started it). No cooldown configured: true. */
    boolean claim(SingleUseObjectProvider store, long now) {
        if (seconds <= 0) {
            return true;
        }
        if (!store.putIfAbsent(key, seconds)) {
            return false;
        }
        store.put(key + Tickets.AT_SUFFIX, seconds, Map.of(Tickets.AT, Long.toString(now)));
        return true;
    }

    /** Ends the cooldown now (an administrator's reset), with its start time. */
    void clear(SingleUseObjectProvider store) {
        store.remove(key);
        store.remove(key + Tickets.AT_SUFFIX);
    }

    /** Seconds until the running cooldown ends, at least 1. */
    long waitSeconds(SingleUseObjectProvider store, long now) {
        return Tickets.remaining(store.get(key + Tickets.AT_SUFFIX), seconds, now);
    }
}
