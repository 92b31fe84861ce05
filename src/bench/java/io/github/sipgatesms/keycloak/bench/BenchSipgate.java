package io.github.sipgatesms.keycloak.bench;

/**
 * The fake sipgate as the benchmark sees it: where Keycloak sends its SMS, the codes the logins read, and the
 * counters and the hang of the hung-sipgate phase. Either in the harness's JVM ({@link InJvmSipgate}, the smoke mode)
 * or in a process of its own ({@link SipgateProcess}, the full run), so that its HTTP server and JSON parsing do not
 * run in the JVM that drives the logins.
 */
interface BenchSipgate extends AutoCloseable {

    /** Base URL to configure as {@code sipgate-base-url}. */
    String baseUrl();

    /** The code of the last SMS to {@code recipient}, which must have arrived (the SMS step sends before it answers). */
    String lastCode(String recipient);

    /** A marker of the last SMS to {@code recipient} (null: none yet), for {@link #awaitOtherCode}. */
    Object latest(String recipient);

    /**
     * The code of the next SMS to {@code recipient} after the one {@code previous} marks, waiting up to 10 s, woken by
     * its arrival (no polling): phone sign-in sends its SMS after the answer.
     */
    String awaitOtherCode(String recipient, Object previous);

    /** Forgets the requests, SMS and connections counted so far (not the markers of {@link #latest}). */
    void clear();

    /** SMS accepted since the last {@link #clear()}. */
    long smsSent();

    /** TCP connections that carried requests since the last {@link #clear()}. */
    int connectionsSeen();

    /** POST requests received since the last {@link #clear()}, answered or not. */
    int postRequests();

    /** Every following request waits without an answer until {@link #reset()}. */
    void hang();

    /** Answers again (ends a hang). */
    void reset();

    @Override
    void close();
}
