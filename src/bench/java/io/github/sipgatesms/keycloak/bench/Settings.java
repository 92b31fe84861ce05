package io.github.sipgatesms.keycloak.bench;

/**
 * One run of the benchmark: the concurrency levels, rounds and phase lengths, the users per flow, the hung-sipgate
 * phase (first SMS logins: {@code usersFirst}, each used once), and the server's {@code max-concurrent-sends}, which must be at least the highest concurrency (so no SMS
 * of the measured phases is refused as busy) and below {@code hungSmsClients} (so the hung phase reaches it).
 */
public record Settings(String mode, int[] concurrency, int rounds, int phaseSeconds, int warmupSeconds,
                       int usersA, int usersB, int usersC, int usersFirst, int usersPhone, int hungSeconds, int hungSmsClients,
                       int maxConcurrentSends) {

    /** Concurrency of the warm-up phases. */
    static final int WARMUP_CONCURRENCY = 4;

    public Settings {
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
        // first SMS logins use each user once: up to about 60 logins/s for 20 s of warm-up and 3 x 10 s per concurrency
        // 32 + 1600 + 96 + 9000 + 96 users: phone sign-in looks its numbers up in a realm of over 10 000
        return new Settings("full", new int[] {1, 4, 16}, 3, 10, 20, 32, 1600, 96, 9000, 96, 20, 64, 16);
    }

    /** A few seconds per phase, inside {@code mvn verify}; 8 SMS clients against a bound of 4 while sipgate hangs. */
    public static Settings smoke() {
        // B users: warm-up and both phases fall in one or two 30-s windows, each user logs in once per window
        return new Settings("smoke", new int[] {1, 4}, 1, 3, 3, 8, 240, 16, 400, 16, 8, 8, 4);
    }

    public static Settings of(String mode) {
        return "smoke".equals(mode) ? smoke() : full();
    }
}
