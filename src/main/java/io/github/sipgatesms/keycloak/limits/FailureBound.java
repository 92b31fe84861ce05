package io.github.sipgatesms.keycloak.limits;

import java.util.Map;
import java.util.UUID;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * The per-user bound of consecutive wrong codes (NIST SP 800-63B: at most 100), kept whatever the realm's brute-force
 * setting and across logins and new codes. The count falls back only on a right code, {@value #REMEMBER_SECONDS}
 * seconds after the last wrong code, or on an administrator's reset ({@link #clear()}).
 * <p>
 * The count lives in a generation: every check of a code first reserves the next of {@value #MAX_CONSECUTIVE_FAILURES}
 * failure slots of the current generation with {@code putIfAbsent} (atomic, cluster-wide), so even concurrent guesses
 * cannot exceed the bound. A wrong code keeps its slot and renews the generation for another day; a right code ends
 * the generation (its slots are removed). A generation thus ends a day after its last wrong code at the earliest, and
 * its slots live at least that long: slot {@code i} lives {@code (100 - i)} days, the longest the generation can still
 * be renewed after it. Concurrent first failures of a user with no generation yet may start two generations, one of
 * which is lost: the count then misses at most those concurrent failures, once.
 */
public final class FailureBound {

    public static final int MAX_CONSECUTIVE_FAILURES = 100;
    static final int REMEMBER_SECONDS = 24 * 3600;
    private static final String GENERATION = "g";

    private final SingleUseObjectProvider store;
    private final String prefix;

    /** The bound of the user's logins, registrations and resets after a proof. */
    public FailureBound(SingleUseObjectProvider store, String realmId, String userId) {
        this(store, realmId, userId, Bucket.LOGIN);
    }

    /**
     * The bound of {@code bucket}: wrong codes against a code anyone could request without a proof count in a bound of
     * their own, so strangers never fill the one the user's logins rely on (SECURITY.md 37).
     */
    public FailureBound(SingleUseObjectProvider store, String realmId, String userId, Bucket bucket) {
        this.store = store;
        this.prefix = "sipgate-sms." + realmId + (bucket == Bucket.PROOFLESS ? ".proofless-failures." : ".failures.") + userId;
    }

    /** One reserved check of a code. */
    public final class Reservation {
        private final String generation;
        private final int slot;

        private Reservation(String generation, int slot) {
            this.generation = generation;
            this.slot = slot;
        }

        /** The code was right: the count starts again from zero. */
        public void succeeded() {
            for (int i = 0; i <= slot; i++) {
                store.remove(slotKey(generation, i));
            }
            if (slot > 0) {
                store.remove(generationKey());
            }
        }

        /** The code was not checked after all (none active, expired): the slot is given back. */
        public void notCounted() {
            store.remove(slotKey(generation, slot));
        }

        /** The code was wrong: the slot stays taken, and the generation lives another day. */
        public void failed() {
            store.put(generationKey(), REMEMBER_SECONDS, Map.of(GENERATION, generation));
        }
    }

    /** Whether the bound is reached (the last slot is taken): no code is checked and no SMS is sent. */
    public boolean reached() {
        String generation = currentGeneration();
        return generation != null && store.contains(slotKey(generation, MAX_CONSECUTIVE_FAILURES - 1));
    }

    /**
     * An administrator's reset: the count starts again from zero at once. The generation's slots go too, not only the
     * generation key: a wrong code checked while the reset runs puts the old generation back, and would otherwise
     * bring back its whole count (now it brings back at most its own slot).
     */
    public void clear() {
        String generation = currentGeneration();
        store.remove(generationKey());
        if (generation != null) {
            for (int slot = 0; slot < MAX_CONSECUTIVE_FAILURES; slot++) {
                store.remove(slotKey(generation, slot));
            }
        }
    }

    /** Reserves one check, or returns {@code null} when the bound is reached. */
    public Reservation reserve() {
        String current = currentGeneration();
        String generation = current == null ? UUID.randomUUID().toString() : current;
        if (store.contains(slotKey(generation, MAX_CONSECUTIVE_FAILURES - 1))) {
            return null;
        }
        for (int slot = 0; slot < MAX_CONSECUTIVE_FAILURES; slot++) {
            if (store.putIfAbsent(slotKey(generation, slot), (long) (MAX_CONSECUTIVE_FAILURES - slot) * REMEMBER_SECONDS)) {
                return new Reservation(generation, slot);
            }
        }
        return null;
    }

    private String currentGeneration() {
        Map<String, String> notes = store.get(generationKey());
        return notes == null ? null : notes.get(GENERATION);
    }

    private String generationKey() {
        return prefix + ".generation";
    }

    private String slotKey(String generation, int slot) {
        return prefix + "." + generation + "." + slot;
    }
}
