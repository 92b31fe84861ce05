package io.github.sipgatesms.keycloak.sms.sipgate;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ScheduledExecutorService;

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
 * Nothing is ever sent twice: after a timeout, a 5xx or a connection that closed without an answer the SMS may
 * have gone out (and is billed), so the user gets "could not be sent" and decides to resend. A keep-alive
 * connection that sipgate closed while idle is not reused: Keycloak's pool checks a connection idle for more
 * than 2 s before handing it out (Apache HttpClient's validate-after-inactivity), so only a close in the very
 * moment of a request fails it. The node's bound of concurrent sends is the caller's ({@code SmsSenders}).
 */
public final class SipgateSmsSender implements SmsSender {

    /** Per-request limits; the deadline bounds the sum. */
    public record Timeouts(int connectMillis, int socketMillis, int poolMillis, int deadlineMillis) {
        public static final Timeouts DEFAULT = new Timeouts(3_000, 5_000, 2_000, 8_000);

        /**
         * The config of every request to sipgate: these timeouts, and no redirect followed (SECURITY.md 42): a base URL
         * answering 3xx never bounces the request, Basic credentials included, to another host.
         */
        RequestConfig requestConfig() {
            return RequestConfig.custom()
                .setConnectTimeout(connectMillis)
                .setSocketTimeout(socketMillis)
                .setConnectionRequestTimeout(poolMillis)
                .setRedirectsEnabled(false)
                .build();
        }
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
        sendOnce(recipientE164, message, timeouts.deadlineMillis());
    }

    private String url() {
        return endpoint.baseUrl() + "/sessions/sms";
    }

    private void sendOnce(String recipientE164, String message, long deadlineMillis) throws SmsSendException {
        RequestConfig requestConfig = timeouts.requestConfig();
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
                if (status / 100 == 3) {
                    return new SmsSendException(Reason.UNEXPECTED_STATUS, status, "sipgate answered " + status + " (a redirect, "
                        + "not followed: credentials go to the configured host only); set sipgateBaseUrl to the API root it "
                        + "names, e.g. https://api.sipgate.com/v2");
                }
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
