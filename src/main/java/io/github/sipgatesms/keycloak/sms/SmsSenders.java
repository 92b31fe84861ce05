package io.github.sipgatesms.keycloak.sms;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;

import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.sms.sipgate.SipgateEndpoint;
import io.github.sipgatesms.keycloak.sms.sipgate.SipgateSmsSender;

/**
 * Chooses the sender of one execution: the simulation when the (server-allowed) config asks for it,
 * otherwise sipgate with credentials resolved through Keycloak's vault and one of the node's send permits taken.
 * Everything that can refuse without sipgate (no credentials, a {@code ${vault.*}} value that does not resolve, the
 * node busy) refuses here, before any send limit is claimed: no request leaves the server, nothing is counted.
 */
public final class SmsSenders {

    private final ScheduledExecutorService timer;
    private final SipgateSmsSender.Timeouts timeouts;
    /** Concurrent sipgate requests of this factory on this node (a resource bound, not login state). */
    private final Semaphore inFlight;

    /** {@code maxConcurrentSends}: the node's bound of sipgate requests in flight ({@code max-concurrent-sends}). */
    public SmsSenders(ScheduledExecutorService timer, SipgateSmsSender.Timeouts timeouts, int maxConcurrentSends) {
        this.timer = timer;
        this.timeouts = timeouts;
        this.inFlight = new Semaphore(maxConcurrentSends);
    }

    /**
     * A selector with its own timer: one daemon thread that only aborts sipgate requests past their deadline.
     * The provider factory that creates it calls {@link #close()} when Keycloak stops.
     */
    public static SmsSenders withOwnTimer(String threadName, int maxConcurrentSends) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return new SmsSenders(timer, SipgateSmsSender.Timeouts.DEFAULT, maxConcurrentSends);
    }

    /** Stops the timer. */
    public void close() {
        timer.shutdownNow();
    }

    /** The sender for this config, holding a send permit of the node until it is closed. */
    public SmsSender select(KeycloakSession session, SmsConfig config) throws SmsSendException {
        if (config.simulation()) {
            return new LoggingSmsSender();
        }
        SipgateEndpoint endpoint = SipgateEndpoint.resolve(session, config);
        if (!inFlight.tryAcquire()) {
            throw SmsSendException.busy();
        }
        HttpClientProvider http = session.getProvider(HttpClientProvider.class);
        return new Permitted(new SipgateSmsSender(http.getHttpClient(), http.getMaxConsumedResponseSize(), timer, endpoint, timeouts),
            inFlight);
    }

    /** A sipgate sender holding one of the node's permits, given back once on close. */
    private static final class Permitted implements SmsSender {
        private final SmsSender sender;
        private final Semaphore permits;
        private final AtomicBoolean released = new AtomicBoolean();

        Permitted(SmsSender sender, Semaphore permits) {
            this.sender = sender;
            this.permits = permits;
        }

        @Override
        public void send(String recipientE164, String message) throws SmsSendException {
            sender.send(recipientE164, message);
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        }
    }

    /** One of the node's send permits, given back on close: for other sipgate requests (the connection test). */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes one of the node's send permits; {@link SmsSendException#busy()} when {@code max-concurrent-sends} are in flight. */
    public Permit permit() throws SmsSendException {
        if (!inFlight.tryAcquire()) {
            throw SmsSendException.busy();
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                inFlight.release();
            }
        };
    }

    /** Free send permits of the node now (the bound {@code max-concurrent-sends} less the sipgate requests in flight). */
    public int availableSends() {
        return inFlight == null ? 0 : inFlight.availablePermits();
    }

    public ScheduledExecutorService timer() {
        return timer;
    }

    public SipgateSmsSender.Timeouts timeouts() {
        return timeouts;
    }
}
