package io.github.sipgatesms.keycloak.sms.sipgate;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;
import org.apache.http.client.HttpClient;
import org.apache.http.client.ResponseHandler;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.conn.ClientConnectionManager;
import org.apache.http.params.HttpParams;
import org.apache.http.protocol.HttpContext;

/**
 * Keycloak's outbound client with an overall deadline per request. Connect and socket timeouts bound
 * each step, but a peer that drips one byte just under the socket timeout could hold a login worker
 * for minutes; this aborts the request when the deadline passes. Single use: one instance per send.
 */
@SuppressWarnings("deprecation")
final class DeadlineHttpClient implements HttpClient {

    private final HttpClient delegate;
    private final ScheduledExecutorService timer;
    private final long deadlineMillis;
    private final AtomicBoolean expired = new AtomicBoolean();
    private volatile ScheduledFuture<?> abort;

    DeadlineHttpClient(HttpClient delegate, ScheduledExecutorService timer, long deadlineMillis) {
        this.delegate = delegate;
        this.timer = timer;
        this.deadlineMillis = deadlineMillis;
    }

    /** Whether the deadline aborted the request. */
    boolean expired() {
        return expired.get();
    }

    @Override
    public HttpResponse execute(HttpUriRequest request) throws IOException {
        return execute(request, (HttpContext) null);
    }

    @Override
    public HttpResponse execute(HttpUriRequest request, HttpContext context) throws IOException {
        abort = timer.schedule(() -> {
            expired.set(true);
            request.abort();
        }, deadlineMillis, TimeUnit.MILLISECONDS);
        return delegate.execute(request, context);
    }

    /** Ends the deadline once the response is closed; call it in a finally block. */
    void done() {
        ScheduledFuture<?> pending = abort;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    @Override
    public <T> T execute(HttpUriRequest request, ResponseHandler<? extends T> handler) throws IOException {
        return handler.handleResponse(execute(request));
    }

    @Override
    public <T> T execute(HttpUriRequest request, ResponseHandler<? extends T> handler, HttpContext context) throws IOException {
        return handler.handleResponse(execute(request, context));
    }

    @Override
    public HttpResponse execute(HttpHost target, HttpRequest request) throws IOException {
        throw new UnsupportedOperationException("only URI requests carry a deadline");
    }

    @Override
    public HttpResponse execute(HttpHost target, HttpRequest request, HttpContext context) throws IOException {
        throw new UnsupportedOperationException("only URI requests carry a deadline");
    }

    @Override
    public <T> T execute(HttpHost target, HttpRequest request, ResponseHandler<? extends T> handler) throws IOException {
        throw new UnsupportedOperationException("only URI requests carry a deadline");
    }

    @Override
    public <T> T execute(HttpHost target, HttpRequest request, ResponseHandler<? extends T> handler, HttpContext context)
        throws IOException {
        throw new UnsupportedOperationException("only URI requests carry a deadline");
    }

    @Override
    public HttpParams getParams() {
        return delegate.getParams();
    }

    @Override
    public ClientConnectionManager getConnectionManager() {
        return delegate.getConnectionManager();
    }
}
