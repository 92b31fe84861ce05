package io.github.sipgatesms.keycloak.sms;

import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.vault.VaultStringSecret;

import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.sms.SmsSendException.Reason;
import io.github.sipgatesms.keycloak.sms.sipgate.SipgateEndpoint;
import io.github.sipgatesms.keycloak.sms.sipgate.SipgateSmsSender;

/**
 * Chooses the sender of one execution: the simulation when the (server-allowed) config asks for it,
 * otherwise sipgate with credentials resolved through Keycloak's vault. A {@code ${vault.*}} value
 * that does not resolve fails closed: no request leaves the server.
 */
public final class SmsSenderSelector {

    private final ScheduledExecutorService timer;
    private final SipgateSmsSender.Timeouts timeouts;
    /** Concurrent sipgate requests of this factory on this node (a resource bound, not login state). */
    private final java.util.concurrent.Semaphore inFlight;

    public SmsSenderSelector(ScheduledExecutorService timer, SipgateSmsSender.Timeouts timeouts) {
        this(timer, timeouts, null);
    }

    public SmsSenderSelector(ScheduledExecutorService timer, SipgateSmsSender.Timeouts timeouts,
                             java.util.concurrent.Semaphore inFlight) {
        this.timer = timer;
        this.timeouts = timeouts;
        this.inFlight = inFlight;
    }

    /**
     * A selector with its own timer: one daemon thread that only aborts sipgate requests past their deadline.
     * The provider factory that creates it calls {@link #close()} when Keycloak stops.
     */
    public static SmsSenderSelector withOwnTimer(String threadName, int maxConcurrentSends) {
        java.util.concurrent.ScheduledThreadPoolExecutor timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return new SmsSenderSelector(timer, SipgateSmsSender.Timeouts.DEFAULT, new java.util.concurrent.Semaphore(maxConcurrentSends));
    }

    /** Stops the timer. */
    public void close() {
        timer.shutdownNow();
    }

    public SmsSender select(KeycloakSession session, SmsConfig config) throws SmsSendException {
        if (config.simulation()) {
            return new LoggingSmsSender();
        }
        HttpClientProvider http = session.getProvider(HttpClientProvider.class);
        return new SipgateSmsSender(http.getHttpClient(), http.getMaxConsumedResponseSize(), timer, endpoint(session, config), timeouts, inFlight);
    }

    /** Where and as whom to call sipgate for this config: credentials resolved through the vault (fail closed). */
    public static SipgateEndpoint endpoint(KeycloakSession session, SmsConfig config) throws SmsSendException {
        if (!config.hasCredentials()) {
            throw new SmsSendException(Reason.CONFIGURATION, 0, "no sipgate credentials: set sipgateTokenId and sipgateToken "
                + "in the SMS step's configuration (gear icon), or the server options --spi-authenticator--sipgate-sms--sipgate-token-id/-token");
        }
        String tokenId = resolve(session, config.tokenId(), "sipgateTokenId");
        String token = resolve(session, config.token(), "sipgateToken");
        return new SipgateEndpoint(config.baseUrl(), tokenId, token, config.smsId());
    }

    public ScheduledExecutorService timer() {
        return timer;
    }

    public SipgateSmsSender.Timeouts timeouts() {
        return timeouts;
    }

    private static String resolve(KeycloakSession session, String value, String key) throws SmsSendException {
        if (!SmsConfig.isVaultReference(value)) {
            return value;
        }
        // the transcriber returns a malformed reference as a literal and an unknown key as empty
        try (VaultStringSecret secret = session.vault().getStringSecret(value)) {
            Optional<String> resolved = secret.get();
            if (resolved.isEmpty() || resolved.get().isBlank() || resolved.get().equals(value)) {
                throw new SmsSendException(Reason.CONFIGURATION, 0, "'" + key + "' is a vault reference that does not resolve; "
                    + "check the vault (--vault=file --vault-dir=..., file <realm>_<key>) - no SMS sent");
            }
            return resolved.get();
        }
    }
}
