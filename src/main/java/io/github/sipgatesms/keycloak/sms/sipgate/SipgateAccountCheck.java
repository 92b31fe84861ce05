package io.github.sipgatesms.keycloak.sms.sipgate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.http.client.HttpClient;
import org.apache.http.client.config.RequestConfig;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpResponse;

/**
 * Checks a token against sipgate without sending (and paying for) an SMS: {@code GET /authorization/userinfo}
 * proves the token works, {@code GET /{userId}/sms} lists the SMS extensions when the token has scope
 * {@code sms:read}. Same client, timeouts and deadline as sending.
 */
public final class SipgateAccountCheck {

    /** What the check found; {@code smsIdFound} is null when the token may not list SMS extensions. */
    public record Result(boolean tokenWorks, int status, String userId, Boolean smsIdFound, List<String> smsIds, String message) {
    }

    private final HttpClient httpClient;
    private final long maxResponseBytes;
    private final ScheduledExecutorService timer;
    private final SipgateSmsSender.Timeouts timeouts;

    public SipgateAccountCheck(HttpClient httpClient, long maxResponseBytes, ScheduledExecutorService timer,
                               SipgateSmsSender.Timeouts timeouts) {
        this.httpClient = httpClient;
        this.maxResponseBytes = maxResponseBytes;
        this.timer = timer;
        this.timeouts = timeouts;
    }

    public Result check(SipgateEndpoint endpoint) {
        String userinfo = endpoint.baseUrl() + "/authorization/userinfo";
        String userId;
        try {
            Answer response = get(userinfo, endpoint);
            int status = response.status();
            if (status == 401) {
                return new Result(false, status, null, null, List.of(), "sipgate answered 401: the token id or token is wrong or revoked");
            }
            if (status / 100 != 2) {
                return new Result(false, status, null, null, List.of(), "sipgate answered " + status + " to " + userinfo);
            }
            JsonNode sub = response.json() == null ? null : response.json().get("sub");
            userId = sub == null ? null : sub.asText();
        } catch (IOException e) {
            return new Result(false, 0, null, null, List.of(), "could not reach sipgate at " + userinfo + ": " + e.getClass().getSimpleName()
                + " (check network, proxy settings and sipgateBaseUrl)");
        }
        if (userId == null || userId.isBlank() || !userId.matches("[A-Za-z0-9]+")) {
            return new Result(true, 200, null, null, List.of(), "token works; sipgate did not say which user it belongs to, smsId not verifiable");
        }
        String extensions = endpoint.baseUrl() + "/" + userId + "/sms";
        try {
            Answer response = get(extensions, endpoint);
            int status = response.status();
            if (status / 100 != 2) {
                return new Result(true, status, userId, null, List.of(), "token works, smsId not verifiable (sipgate answered " + status
                    + " to the list of SMS extensions; give the token scope sms:read to check it)");
            }
            List<String> ids = new ArrayList<>();
            JsonNode items = response.json() == null ? null : response.json().get("items");
            if (items != null) {
                items.forEach(item -> ids.add(item.path("id").asText()));
            }
            boolean found = ids.contains(endpoint.smsId());
            return new Result(true, status, userId, found, ids, found
                ? "token works and SMS extension " + endpoint.smsId() + " exists"
                : "token works, but SMS extension " + endpoint.smsId() + " is not among " + ids + ": set sipgateSmsId to one of them");
        } catch (IOException e) {
            return new Result(true, 0, userId, null, List.of(), "token works, smsId not verifiable: " + e.getClass().getSimpleName());
        }
    }

    private record Answer(int status, JsonNode json) {
    }

    private Answer get(String url, SipgateEndpoint endpoint) throws IOException {
        RequestConfig config = RequestConfig.custom()
            .setConnectTimeout(timeouts.connectMillis())
            .setSocketTimeout(timeouts.socketMillis())
            .setConnectionRequestTimeout(timeouts.poolMillis())
            .build();
        DeadlineHttpClient client = new DeadlineHttpClient(httpClient, timer, timeouts.deadlineMillis());
        try (SimpleHttpResponse response = SimpleHttp.create(client)
                .withMaxConsumedResponseSize(maxResponseBytes)
                .withRequestConfig(config)
                .doGet(url)
                .authBasic(endpoint.tokenId(), endpoint.token())
                .acceptJson()
                .asResponse()) {
            int status = response.getStatus();
            return new Answer(status, status / 100 == 2 ? response.asJson() : null);
        } finally {
            client.done();
        }
    }
}
