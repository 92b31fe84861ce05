package io.github.sipgatesms.keycloak.sms.sipgate;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.http.NoHttpResponseException;
import org.apache.http.client.HttpClient;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.conn.ConnectTimeoutException;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpResponse;

import io.github.sipgatesms.keycloak.sms.SmsRateLimitedException;
import io.github.sipgatesms.keycloak.sms.SmsSendException;
import io.github.sipgatesms.keycloak.sms.SmsSendException.Reason;
import io.github.sipgatesms.keycloak.sms.SmsSender;

/**
 * Sends through sipgate's {@code POST /sessions/sms} with Keycloak's own outbound HTTP client, so the
 * server's proxy, truststore and connection pool settings apply. Keycloak's default connect timeout is
 * unbounded and its socket timeout 5 s; every request here sets its own timeouts plus an overall
 * deadline, so a hung or slow sipgate releases the login within {@link Timeouts#deadlineMillis()}.
 * Nothing is retried after sipgate may have taken the request: after a timeout or 5xx the SMS may have
 * gone out (and is billed). The one retry is for a pooled keep-alive connection that sipgate closed while
 * it was idle: the request then fails before a single byte of a response ({@link NoHttpResponseException}),
 * and is sent once more, on the next pooled or a new connection, within what is left of the same deadline. Sends per node are bounded ({@code inFlight}): beyond the
 * bound a send fails at once instead of holding one more of Keycloak's worker threads on a slow sipgate.
 */
public final class SipgateSmsSender implements SmsSender {

    /** Per-request limits; the deadline bounds the sum. */
    public record Timeouts(int connectMillis, int socketMillis, int poolMillis, int deadlineMillis) {
        public static final Timeouts DEFAULT = new Timeouts(3_000, 5_000, 2_000, 8_000);
    }

    private final HttpClient httpClient;
    private final long maxResponseBytes;
    private final ScheduledExecutorService timer;
    private final SipgateEndpoint endpoint;
    private final Timeouts timeouts;

    /** The node's bound of concurrent sends is the caller's ({@code SmsSenders}, which holds a permit per sender). */
    public SipgateSmsSender(HttpClient httpClient, long maxResponseBytes, ScheduledExecutorService timer,
                            SipgateEndpoint endpoint, Timeouts timeouts) {
        this.httpClient = httpClient;
        this.maxResponseBytes = maxResponseBytes;
        this.timer = timer;
        this.endpoint = endpoint;
        this.timeouts = timeouts;
    }

    @Override
    public void send(String recipientE164, String message) throws SmsSendException {
        long started = System.nanoTime();
        try {
            try {
                sendOnce(recipientE164, message, timeouts.deadlineMillis());
            } catch (StaleConnection stale) {
                // the pooled connection was closed by sipgate while idle: nothing of the request was answered.
                // Once more, within what is left of the same deadline
                long left = timeouts.deadlineMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                if (left <= 0) {
                    throw ioFailure(stale.io(), true, url());
                }
                sendOnce(recipientE164, message, left);
            }
        } catch (StaleConnection again) {
            throw ioFailure(again.io(), false, url());
        }
    }

    /** No byte of a response came back: the only failure that is safe to try once more. */
    private static final class StaleConnection extends Exception {
        private static final long serialVersionUID = 1L;

        StaleConnection(NoHttpResponseException cause) {
            super(null, cause, false, false);
        }

        IOException io() {
            return (IOException) getCause();
        }
    }

    private String url() {
        return endpoint.baseUrl() + "/sessions/sms";
    }

    private void sendOnce(String recipientE164, String message, long deadlineMillis) throws SmsSendException, StaleConnection {
        RequestConfig requestConfig = RequestConfig.custom()
            .setConnectTimeout(timeouts.connectMillis())
            .setSocketTimeout(timeouts.socketMillis())
            .setConnectionRequestTimeout(timeouts.poolMillis())
            .build();
        DeadlineHttpClient client = new DeadlineHttpClient(httpClient, timer, deadlineMillis);
        String url = url();
        try (SimpleHttpResponse response = SimpleHttp.create(client)
                .withMaxConsumedResponseSize(maxResponseBytes)
                .withRequestConfig(requestConfig)
                .doPost(url)
                .authBasic(endpoint.tokenId(), endpoint.token())
                .acceptJson()
                .json(new SendSmsRequest(endpoint.smsId(), recipientE164, message))
                .asResponse()) {
            int status = response.getStatus();
            if (status / 100 != 2) {
                throw failure(status, response);
            }
        } catch (SmsSendException e) {
            throw e;
        } catch (NoHttpResponseException e) {
            if (client.expired()) {
                throw ioFailure(e, true, url);
            }
            throw new StaleConnection(e);
        } catch (IOException e) {
            throw ioFailure(e, client.expired(), url);
        } finally {
            client.done();
        }
    }

    private SmsSendException ioFailure(IOException e, boolean deadlinePassed, String url) {
        if (deadlinePassed) {
            return new SmsSendException(Reason.TIMEOUT, "sipgate did not finish answering " + url + " within the deadline of "
                + timeouts.deadlineMillis() + " ms; the SMS may still be delivered", e);
        }
        if (e instanceof ConnectTimeoutException) {
            return new SmsSendException(Reason.TIMEOUT, "sipgate did not accept a connection at " + url + " within "
                + timeouts.connectMillis() + " ms (check network, proxy settings and sipgateBaseUrl)", e);
        }
        if (e instanceof InterruptedIOException) {
            return new SmsSendException(Reason.TIMEOUT, "sipgate did not answer " + url + " within the socket timeout of "
                + timeouts.socketMillis() + " ms; the SMS may still be delivered", e);
        }
        return new SmsSendException(Reason.NETWORK, "could not reach sipgate at " + url + ": " + e.getClass().getSimpleName()
            + " (check network, proxy settings and sipgateBaseUrl)", e);
    }

    private static SmsSendException failure(int status, SimpleHttpResponse response) {
        switch (status) {
            case 400:
                return new SmsSendException(Reason.BAD_REQUEST, status, "sipgate answered 400 Bad Request: it refused the "
                    + "request's fields (recipient or message)");
            case 401:
                return new SmsSendException(Reason.CREDENTIALS_REJECTED, status, "sipgate answered 401 Unauthorized: the token id "
                    + "or token is wrong or revoked; check sipgateTokenId/sipgateToken");
            case 402:
                return new SmsSendException(Reason.INSUFFICIENT_BALANCE, status, "sipgate answered 402 Payment Required: "
                    + "the account balance is too low; top up the sipgate account");
            case 403:
                return new SmsSendException(Reason.FORBIDDEN, status, "sipgate answered 403 Forbidden: the token may not send "
                    + "from this SMS extension; check sipgateSmsId, the token scope sessions:sms:write and the booked SMS feature");
            case 429:
                return new SmsRateLimitedException(retryAfter(response));
            default:
                if (status >= 500) {
                    return new SmsSendException(Reason.SERVER_ERROR, status, "sipgate answered " + status
                        + " (server error); the SMS may still be delivered, not retried");
                }
                return new SmsSendException(Reason.UNEXPECTED_STATUS, status, "sipgate answered " + status
                    + " (unexpected; check sipgateBaseUrl points at the API root, e.g. https://api.sipgate.com/v2)");
        }
    }

    private static int retryAfter(SimpleHttpResponse response) {
        try {
            String value = response.getFirstHeader("Retry-After");
            return value == null ? 0 : Math.max(0, Integer.parseInt(value.trim()));
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}
