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
import org.keycloak.util.JsonSerialization;

/**
 * Checks a token against sipgate without sending (and paying for) an SMS, and tells the administrator what they need:
 * whether sipgate is reachable and takes the credentials ({@code GET /authorization/userinfo}), whether the SMS
 * extension exists ({@code GET /{userId}/sms}, scope {@code sms:read}), the account kind (a classic-only endpoint,
 * {@code GET /groups}, answers 403 "requires a sipgate Classic PBX Account" on neo accounts) and the sender recipients
 * see ({@code GET /{userId}/sms/{smsId}/callerids}, scope {@code sms:callerid:read}: the verified default caller id,
 * else "sipgate"). The result names outcomes and status classes only: never an exception class, an HTTP status or
 * an id from sipgate's answers, so the endpoint cannot serve as a probe of other hosts.
 */
public final class SipgateAccountCheck {

    /** Whether sipgate was reached and took the credentials. */
    public enum Reach { REACHABLE, CREDENTIALS_REFUSED, OTHER_ANSWER, UNREACHABLE }

    /**
     * What the check found. {@code smsIdFound}, {@code account} and {@code sender} are null where the token may not
     * read them ({@code missingScopes} names the scopes that would tell); {@code statusClass} is "4xx" or "5xx" for
     * {@link Reach#OTHER_ANSWER} ("3xx" too: a redirect is never followed), else null.
     */
    public record Result(Reach reach, String statusClass, Boolean smsIdFound, String account, String sender, List<String> missingScopes,
                         String message) {

        public boolean tokenWorks() {
            return reach == Reach.REACHABLE;
        }
    }

    static final String CLASSIC_ONLY = "/groups";
    /** The text sipgate answers a classic-only endpoint with on a neo account. */
    static final String NEO_ANSWER = "Classic PBX";

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
        Answer userinfo;
        try {
            userinfo = get(endpoint.baseUrl() + "/authorization/userinfo", endpoint);
        } catch (IOException e) {
            return new Result(Reach.UNREACHABLE, null, null, null, null, List.of(), "could not reach sipgate at " + endpoint.baseUrl()
                + " (check network, proxy settings and sipgateBaseUrl)");
        }
        if (userinfo.status() == 401) {
            return new Result(Reach.CREDENTIALS_REFUSED, "4xx", null, null, null, List.of(),
                "sipgate refused the credentials: the token id or token is wrong or revoked");
        }
        if (userinfo.status() / 100 != 2) {
            String statusClass = userinfo.status() / 100 + "xx";
            return new Result(Reach.OTHER_ANSWER, statusClass, null, null, null, List.of(), "sipgate answered with a " + statusClass
                + " status; check sipgateBaseUrl (it must be sipgate's API root, e.g. https://api.sipgate.com/v2)");
        }
        String userId = userinfo.json() == null ? null : userinfo.json().path("sub").asText(null);
        if (userId == null || !userId.matches("[A-Za-z0-9]+")) {
            return new Result(Reach.REACHABLE, null, null, null, null, List.of(), "the credentials work; sipgate did not say whose they are");
        }
        List<String> missing = new ArrayList<>();
        Boolean found = smsIdFound(endpoint, userId, missing);
        String account = account(endpoint);
        String sender = Boolean.TRUE.equals(found) ? sender(endpoint, userId, missing) : null;
        return new Result(Reach.REACHABLE, null, found, account, sender, List.copyOf(missing), message(endpoint, found, account, sender, missing));
    }

    private static String message(SipgateEndpoint endpoint, Boolean found, String account, String sender, List<String> missing) {
        StringBuilder text = new StringBuilder("the credentials work");
        if (Boolean.FALSE.equals(found)) {
            text.append("; SMS extension ").append(endpoint.smsId()).append(" is not one of this account's: set sipgateSmsId to the id "
                + "shown in the sipgate web app (SMS) or by GET /v2/{userId}/sms");
        } else if (Boolean.TRUE.equals(found)) {
            text.append("; SMS extension ").append(endpoint.smsId()).append(" exists");
        }
        if (account != null) {
            text.append("; a sipgate ").append(account).append(" account");
        }
        if (sender != null) {
            text.append("; recipients see the sender ").append(sender);
        }
        if (!missing.isEmpty()) {
            text.append("; give the token scope ").append(String.join(" and ", missing)).append(" to check more");
        }
        return text.toString();
    }

    /** Whether the SMS extension is one of the account's; null (and the scope noted) where the token may not list them. */
    private Boolean smsIdFound(SipgateEndpoint endpoint, String userId, List<String> missing) {
        try {
            Answer answer = get(endpoint.baseUrl() + "/" + userId + "/sms", endpoint);
            if (answer.status() / 100 != 2 || answer.json() == null) {
                missing.add("sms:read");
                return null;
            }
            for (JsonNode item : answer.json().path("items")) {
                if (endpoint.smsId().equals(item.path("id").asText())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return null;
        }
    }

    /** "classic" or "neo" by the classic-only probe; null when its answer tells neither (a missing scope, an error). */
    private String account(SipgateEndpoint endpoint) {
        try {
            Answer answer = get(endpoint.baseUrl() + CLASSIC_ONLY, endpoint);
            if (answer.status() / 100 == 2) {
                return "classic";
            }
            return answer.status() == 403 && answer.text().contains(NEO_ANSWER) ? "neo" : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The verified default caller id of the SMS extension, else "sipgate"; null (and the scope noted) where not readable. */
    private String sender(SipgateEndpoint endpoint, String userId, List<String> missing) {
        try {
            Answer answer = get(endpoint.baseUrl() + "/" + userId + "/sms/" + endpoint.smsId() + "/callerids", endpoint);
            if (answer.status() / 100 != 2 || answer.json() == null) {
                missing.add("sms:callerid:read");
                return null;
            }
            for (JsonNode item : answer.json().path("items")) {
                String number = item.path("phonenumber").asText("");
                if (item.path("defaultNumber").asBoolean() && item.path("verified").asBoolean() && number.matches("\\+?[0-9]{6,16}")) {
                    return number;
                }
            }
            return "sipgate";
        } catch (IOException e) {
            return null;
        }
    }

    private record Answer(int status, String text, JsonNode json) {
    }

    private Answer get(String url, SipgateEndpoint endpoint) throws IOException {
        RequestConfig config = timeouts.requestConfig();
        DeadlineHttpClient client = new DeadlineHttpClient(httpClient, timer, timeouts.deadlineMillis());
        try (SimpleHttpResponse response = SimpleHttp.create(client)
                .withMaxConsumedResponseSize(maxResponseBytes)
                .withRequestConfig(config)
                .doGet(url)
                .authBasic(endpoint.tokenId(), endpoint.token())
                .acceptJson()
                .asResponse()) {
            int status = response.getStatus();
            String text = response.asString();
            JsonNode json = null;
            if (status / 100 == 2 && text != null && !text.isBlank()) {
                try {
                    json = JsonSerialization.mapper.readTree(text);
                } catch (IOException e) {
                    json = null;
                }
            }
            return new Answer(status, text == null ? "" : text, json);
        } finally {
            client.done();
        }
    }
}
