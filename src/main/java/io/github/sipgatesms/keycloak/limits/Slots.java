package io.github.sipgatesms.keycloak.limits;

import java.util.Map;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * A cap of at most {@code capacity} claims per {@code windowSeconds}, kept in Keycloak's single-use store
 * (Infinispan, shared by the cluster) as {@code capacity} slot keys. A claim takes a free slot with
 * {@code putIfAbsent}, which is atomic and immediately visible cluster-wide, so concurrent requests
 * can never hold more slots than the cap; each slot frees itself when its lifespan (the window) ends,
 * which makes the window a rolling one.
 * <p>
 * Slots are taken round-robin from a hint (the slot after the last one taken), so they expire in the
 * order they were taken and the next free slot is normally the first one probed: a claim costs one
 * {@code putIfAbsent} plus two writes that take effect when the request commits (the hint and the
 * slot's start time). A cap of up to {@value #MAX_PROBES} slots is probed completely, so it counts as
 * reached exactly when every slot is taken. A larger cap is probed at {@value #SEQUENTIAL_PROBES} slots
 * from the hint and then at random slots, {@value #MAX_PROBES} probes in all: the hint lags behind by the
 * requests still in flight (a slow sipgate holds theirs for seconds, and their late hint writes can move it
 * back), and sequential probing alone would then run into slots taken minutes ago and refuse far below
 * the cap. With k of N slots taken, a refusal below the cap needs every random probe to hit a taken slot,
 * a chance of (k/N)^{@value #RANDOM_PROBES}: negligible until the cap is almost reached.
 */
final class Slots {

    static final String AT = "at";
    static final String AT_SUFFIX = ".at";
    static final int MAX_PROBES = 64;
    static final int SEQUENTIAL_PROBES = 8;
    static final int RANDOM_PROBES = MAX_PROBES - SEQUENTIAL_PROBES;
    private static final String NEXT = "next";

    private final String prefix;
    private final int capacity;
    private final int windowSeconds;

    Slots(String prefix, int capacity, int windowSeconds) {
        this.prefix = prefix;
        this.capacity = capacity;
        this.windowSeconds = windowSeconds;
    }

    /** The key of the slot taken, or {@code null} when the cap is reached. */
    String claim(SingleUseObjectProvider store, long now) {
        int start = next(store);
        boolean complete = capacity <= MAX_PROBES;
        int probes = complete ? capacity : MAX_PROBES;
        for (int i = 0; i < probes; i++) {
            // not a secret: spreading probes over the slots, so no CSPRNG needed
            int slot = complete || i < SEQUENTIAL_PROBES ? (start + i) % capacity
                : java.util.concurrent.ThreadLocalRandom.current().nextInt(capacity);
            String key = slotKey(slot);
            if (store.putIfAbsent(key, windowSeconds)) {
                store.put(key + AT_SUFFIX, windowSeconds, Map.of(AT, Long.toString(now)));
                store.put(hintKey(), windowSeconds, Map.of(NEXT, Integer.toString((slot + 1) % capacity)));
                return key;
            }
        }
        return null;
    }

    /** Seconds until the oldest slot frees itself (the next one to be taken), at least 1. */
    long waitSeconds(SingleUseObjectProvider store, long now) {
        return remaining(store.get(slotKey(next(store)) + AT_SUFFIX), windowSeconds, now);
    }

    private int next(SingleUseObjectProvider store) {
        Map<String, String> hint = store.get(hintKey());
        if (hint == null) {
            return 0;
        }
        try {
            return Math.floorMod(Integer.parseInt(hint.getOrDefault(NEXT, "0")), capacity);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private String slotKey(int slot) {
        return prefix + "." + slot;
    }

    private String hintKey() {
        return prefix + ".next";
    }

    /** Seconds left of an entry of {@code lifespan} seconds whose start time is in {@code notes}; the whole lifespan when unknown. */
    static long remaining(Map<String, String> notes, int lifespan, long now) {
        long left = lifespan;
        if (notes != null && notes.get(AT) != null) {
            try {
                left = Long.parseLong(notes.get(AT)) + lifespan - now;
            } catch (NumberFormatException e) {
                left = lifespan;
            }
        }
        return Math.max(1, Math.min(lifespan, left));
    }
}
