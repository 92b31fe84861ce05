package io.github.sipgatesms.keycloak.bench;

/**
 * One run of the benchmark: the concurrency levels, rounds and phase lengths, the users per flow, the hung-sipgate
 * phase (first SMS logins: {@code usersFirst}, each used once), and the server's {@code max-concurrent-sends}, which must be at least the highest concurrency (so no SMS
 * of the measured phases is refused as busy) and below {@code hungSmsClients} (so the hung phase reaches it).
 * {@code separateSipgate}: the fake sipgate runs in a process of its own ({@link SipgateProcess}), else in the
 * harness's JVM ({@link InJvmSipgate}).
 */
public record Settings(String mode, int[] concurrency, int rounds, int phaseSeconds, int warmupSeconds,
                       int usersA, int usersB, int usersC, int usersFirst, int usersPhone, int hungSeconds, int hungSmsClients,
                       int maxConcurrentSends, boolean separateSipgate) {

    /** Concurrency of the warm-up phases. */
    static final int WARMUP_CONCURRENCY = 4;
    /** Rounds per flow and concurrency of the full run; {@code -Dbench.rounds=N} sets another number. */
    public static final int FULL_ROUNDS = 5;

    public Settings {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds " + rounds + " must be at least 1");
        }
        int highest = WARMUP_CONCURRENCY;
        for (int c : concurrency) {
            highest = Math.max(highest, c);
        }
        if (maxConcurrentSends < highest || maxConcurrentSends >= hungSmsClients) {
            throw new IllegalArgumentException("max-concurrent-sends " + maxConcurrentSends + " must be at least "
                + highest + " (concurrent SMS logins) and below " + hungSmsClients + " (SMS clients while sipgate hangs)");
        }
    }

    /** The documented manual run (docs/performance.md); 16 is the server's default bound. */
    public static Settings full() {
        int[] concurrency = {1, 4, 16};
        int rounds = Integer.getInteger("bench.rounds", FULL_ROUNDS);
        int phaseSeconds = 10;
        int warmupSeconds = 20;
        // first SMS logins use each user once: room for 70 logins/s through CF's warm-up and all its rounds
        // (11 900 users for 5 rounds), and never fewer than the 9 000 of the 3-round runs
        int firstSeconds = warmupSeconds + rounds * phaseSeconds * concurrency.length;
        int usersFirst = Math.max(9000, (70 * firstSeconds + 99) / 100 * 100);
        // 32 + 1600 + 96 + usersFirst + 96 users: phone sign-in looks its numbers up in a realm of over 10 000
        return new Settings("full", concurrency, rounds, phaseSeconds, warmupSeconds, 32, 1600, 96, usersFirst, 96, 20, 64, 16, true);
    }

    /**
     * A few seconds per phase, inside {@code mvn verify}; 8 SMS clients against a bound of 4 while sipgate hangs. The
     * fake sipgate stays in the harness's JVM, as before.
     */
    public static Settings smoke() {
        // B users: warm-up and both phases fall in one or two 30-s windows, each user logs in once per window
        return new Settings("smoke", new int[] {1, 4}, 1, 3, 3, 8, 240, 16, 400, 16, 8, 8, 4, false);
    }

    public static Settings of(String mode) {
        return "smoke".equals(mode) ? smoke() : full();
    }

    /** The realm's users, all flows together. */
    int users() {
        return usersA + usersB + usersC + usersFirst + usersPhone;
    }
}
