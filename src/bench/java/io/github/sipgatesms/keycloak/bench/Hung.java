package io.github.sipgatesms.keycloak.bench;

/**
 * Flow A with and without a hung sipgate, and how the SMS attempts during the hang ended. {@code smsBusy} and
 * {@code smsTimedOut} count the login events' errors ({@code sipgate_sms_busy}: refused because
 * {@code maxConcurrentSends} requests were already waiting on sipgate; {@code sipgate_sms_timeout} or
 * {@code sipgate_sms_network}: the request went out and was given up). {@code sipgateFirstWave} is what the fake sipgate received in the first second of the hang,
 * when every SMS client had pressed resend once; {@code sipgateRequests} what it received during the whole hang.
 */
public record Hung(double normalPerSecond, double hungPerSecond, double ratio, int smsClients, int smsLogins, int smsCleanFailures,
                   int smsRefusedAtOnce, long smsMaxMillis, int deadlineMillis, int maxConcurrentSends, int smsBusy,
                   int smsTimedOut, int sipgateFirstWave, int sipgateRequests) {
}
