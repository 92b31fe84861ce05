package io.github.sipgatesms.keycloak.limits;

import java.util.Map;
import java.util.UUID;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * The per-user bound of consecutive wrong codes (NIST SP 800-63B: at most 100), kept whatever the realm's
 * brute-force setting and across logins and new codes; a right code resets it. Every check of a code first
 * reserves one of {@value #MAX_CONSECUTIVE_FAILURES} failure slots with {@code putIfAbsent} (atomic, cluster-wide),
 * so even concurrent guesses cannot exceed the bound; a wrong code keeps its slot, a right one starts a new
 * generation of slots. A failure is remembered for {@value #REMEMBER_SECONDS} seconds: once the bound is
 * reached, the user's SMS step refuses every code until a day after the last counted failure.
 */
public final class FailureBound {

    public static final int MAX_CONSECUTIVE_FAILURES = 100;
    static final int REMEMBER_SECONDS = 24 * 3600;
    private static final String GENERATION = "g";

    private final SingleUseObjectProvider store;
    private final String prefix;

    public FailureBound(SingleUseObjectProvider store, String realmId, String userId) {
        this.store = store;
        this.prefix = "sipgate-sms." + realmId + ".failures." + userId;
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
            if (slot == 0) {
                // no earlier failure in this generation: giving the slot back is the reset
                store.remove(slotKey(generation, 0));
            } else {
                store.put(generationKey(), REMEMBER_SECONDS, Map.of(GENERATION, UUID.randomUUID().toString()));
            }
        }

        /** The code was not checked after all (none active, expired): the slot is given back. */
        public void notCounted() {
            store.remove(slotKey(generation, slot));
        }

        /** The code was wrong: the slot stays taken. */
        public void failed() {
            // the reserved slot is the count
        }
    }

    /** Whether the bound is reached (the last slot is taken): no code is checked and no SMS is sent. */
    public boolean reached() {
        return store.contains(slotKey(generation(), MAX_CONSECUTIVE_FAILURES - 1));
    }

    /** Reserves one check, or returns {@code null} when the bound is reached. */
    public Reservation reserve() {
        String generation = generation();
        if (store.contains(slotKey(generation, MAX_CONSECUTIVE_FAILURES - 1))) {
            return null;
        }
        for (int slot = 0; slot < MAX_CONSECUTIVE_FAILURES; slot++) {
            if (store.putIfAbsent(slotKey(generation, slot), REMEMBER_SECONDS)) {
                return new Reservation(generation, slot);
            }
        }
        return null;
    }

    private String generation() {
        Map<String, String> notes = store.get(generationKey());
        return notes == null || notes.get(GENERATION) == null ? "0" : notes.get(GENERATION);
    }

    private String generationKey() {
        return prefix + ".generation";
    }

    private String slotKey(String generation, int slot) {
        return prefix + "." + generation + "." + slot;
    }
}
