package io.github.sipgatesms.keycloak.limits;

import java.util.Map;
import java.util.function.LongSupplier;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * A cap of SMS per rolling window, kept in Keycloak's single-use store (shared by the cluster). Every SMS takes the
 * next ticket number of its bucket with {@code putIfAbsent} (atomic, visible at once cluster-wide); a ticket lives
 * exactly one window and is never removed or reused. Numbers are taken in the order of time and every ticket has
 * the same lifespan, so the live tickets are always one run of consecutive numbers, the newest ones: the ticket
 * {@code n - cap} is alive exactly when {@code cap} or more SMS were sent in the window before ticket {@code n}.
 * A claim is granted only when that ticket is gone, with the cap in force at that moment, whatever the cap was when
 * the earlier SMS went out. Why this holds, and its one approximation: {@code package-info.java}.
 */
final class Tickets {

    static final String AT = "at";
    static final String AT_SUFFIX = ".at";
    /** The hint outlives the tickets, so a bucket idle for a window restarts at 0 only when all its tickets are gone. */
    private static final int HINT_MARGIN_SECONDS = 60;
    private static final String NEXT = "next";

    private final String prefix;
    private final int cap;
    private final int windowSeconds;

    Tickets(String prefix, int cap, int windowSeconds) {
        this.prefix = prefix;
        this.cap = cap;
        this.windowSeconds = windowSeconds;
    }

    /**
     * The number a claim now would take, or -1 when it would be refused (reads only; {@link #claim} decides again,
     * starting from that number, so the hint is read once per SMS).
     */
    long next(SingleUseObjectProvider store) {
        long next = firstUntaken(store, hint(store));
        return next - cap >= 0 && store.contains(ticketKey(next - cap)) ? -1 : next;
    }

    /**
     * Takes the first free ticket from {@code from} (what {@link #next} found). Returns its number when granted, or -1
     * when the cap is reached; a ticket taken by a claim refused by the cap (only when a concurrent claim took the
     * last place between {@link #next} and this) stays taken and counts, so the live tickets stay one run of
     * consecutive numbers.
     */
    long claim(SingleUseObjectProvider store, long now, long from) {
        long n = from;
        while (!store.putIfAbsent(ticketKey(n), windowSeconds)) {
            n++;
        }
        store.put(ticketKey(n) + AT_SUFFIX, windowSeconds, Map.of(AT, Long.toString(now)));
        store.put(hintKey(), windowSeconds + HINT_MARGIN_SECONDS, Map.of(NEXT, Long.toString(n + 1)));
        boolean granted = n - cap < 0 || !store.contains(ticketKey(n - cap));
        return granted ? n : -1;
    }

    /** Whether at least {@code count} tickets are alive up to and including ticket {@code n} (a granted claim's): one read. */
    boolean atLeast(SingleUseObjectProvider store, long n, long count) {
        return count <= 1 || (n - count + 1 >= 0 && store.contains(ticketKey(n - count + 1)));
    }

    /** {@link #live} of ticket {@code n}, counted when first asked and then remembered (a gauge, a warning). */
    LongSupplier liveWhenAsked(SingleUseObjectProvider store, long n) {
        return new LongSupplier() {
            private long counted = -1;

            @Override
            public long getAsLong() {
                if (counted < 0) {
                    counted = live(store, n);
                }
                return counted;
            }
        };
    }

    /**
     * How many tickets are alive up to and including ticket {@code n} (a granted claim's number): the live tickets
     * are one run of consecutive numbers, so a binary search over the last {@code cap} numbers finds where the run
     * starts in about log2(cap) reads.
     */
    long live(SingleUseObjectProvider store, long n) {
        long low = Math.max(0, n - cap + 1);
        long high = n;
        while (low < high) {
            long middle = low + (high - low) / 2;
            if (store.contains(ticketKey(middle))) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return n - low + 1;
    }

    int cap() {
        return cap;
    }

    /** Seconds until the ticket that blocks the next claim expires, at least 1. */
    long waitSeconds(SingleUseObjectProvider store, long now) {
        long next = firstUntaken(store, hint(store));
        return remaining(store.get(ticketKey(Math.max(0, next - cap)) + AT_SUFFIX), windowSeconds, now);
    }

    /** The first number from {@code from} that no claim took yet (claims in flight have not moved the hint). */
    private long firstUntaken(SingleUseObjectProvider store, long from) {
        long n = from;
        while (store.contains(ticketKey(n))) {
            n++;
        }
        return n;
    }

    private long hint(SingleUseObjectProvider store) {
        Map<String, String> hint = store.get(hintKey());
        if (hint == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(hint.getOrDefault(NEXT, "0")));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private String ticketKey(long n) {
        return prefix + ".t." + n;
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
