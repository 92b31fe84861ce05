package io.github.sipgatesms.keycloak.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for sipgate's {@code POST /v2/sessions/sms} that checks requests in sipgate's order
 * (unknown path 404, not POST 405, not JSON 415, bad Basic credentials 401, bad body 400, no smsId 500,
 * unknown smsId 403) and answers 204 on success, recording each accepted SMS. Tests can inject a status,
 * a delay or a hang. Served by a thread pool so a hanging request does not block others.
 */
public final class FakeSipgate implements AutoCloseable {

    public static final String TOKEN_ID = "token-ABC123";
    public static final String TOKEN = "0f9e8d7c-6b5a-4c3d-9e8f-7a6b5c4d3e2f";
    public static final String SMS_ID = "s0";
    public static final String USER_ID = "w0";
    private volatile boolean smsRead = true;
    /** A classic account (else neo: classic-only endpoints answer 403), and the SMS extension's verified default caller id. */
    private volatile boolean classic = true;
    private volatile String callerId;

    /** One request as it arrived (accepted or not). */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** An SMS sipgate accepted. */
    public record Sms(String smsId, String recipient, String message) {
        private static final Pattern CODE = Pattern.compile("#(\\d{6,10})\\s*$");

        /** The code, read from the origin-bound last line {@code @host #code}. */
        public String code() {
            Matcher matcher = CODE.matcher(message);
            if (!matcher.find()) {
                throw new AssertionError("SMS has no origin-bound last line: " + message);
            }
            return matcher.group(1);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(16);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Sms> accepted = new CopyOnWriteArrayList<>();
    private final List<Sms> history = Collections.synchronizedList(new ArrayList<>());
    /** The last SMS to each recipient; notified on every SMS ({@link #awaitOther}). */
    private final Map<String, Sms> latest = new HashMap<>();
    private final Set<String> knownSmsIds = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Integer> forcedStatus = new AtomicReference<>();
    private final AtomicReference<String> retryAfter = new AtomicReference<>();
    private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
    private volatile CountDownLatch hang;
    /** Client address:port of every request: one entry per TCP connection that carried a request. */
    private final Set<String> connections = ConcurrentHashMap.newKeySet();

    private FakeSipgate(HttpServer server) {
        this.server = server;
    }

    public static FakeSipgate start() {
        return start(0);
    }

    /** On {@code port} of 127.0.0.1 (0: any free one); the benchmark's separate process names its port. */
    public static FakeSipgate start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
            FakeSipgate fake = new FakeSipgate(server);
            fake.knownSmsIds.add(SMS_ID);
            server.setExecutor(fake.pool);
            server.createContext("/", fake::handle);
            server.start();
            return fake;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake sipgate", e);
        }
    }

    /** Base URL to configure as {@code sipgateBaseUrl}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v2";
    }

    /** How many TCP connections carried requests since the start or {@link #clear()} (distinct client ports). */
    public int connectionsSeen() {
        return connections.size();
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /**
     * The requests so far, once at least {@code count} arrived (waiting up to 10 s, woken by each arrival, no polling):
     * a request the client gave up on (timeout, deadline) is counted here even if the fake's thread was slower than it.
     */
    public List<Request> awaitRequests(int count) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        synchronized (requests) {
            while (requests.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(count + " requests did not arrive within 10 s (" + requests.size() + " did)");
                }
                try {
                    requests.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
            return new ArrayList<>(requests);
        }
    }

    /** Every SMS accepted since the fake started; {@link #clear()} does not touch it (for scans after a whole suite). */
    public List<Sms> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    public List<Sms> sent() {
        return new ArrayList<>(accepted);
    }

    public List<Sms> sentTo(String recipient) {
        return accepted.stream().filter(s -> s.recipient().equals(recipient)).toList();
    }

    /**
     * The next SMS to {@code recipient} that is not {@code previous} (null: any), waiting up to 10 s, woken by its
     * arrival (no polling): for the benchmark, where SMS go out after the answer and a 20-ms poll would show as latency.
     */
    public Sms awaitOther(String recipient, Sms previous) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        synchronized (latest) {
            Sms last = latest.get(recipient);
            while (last == null || last == previous) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no new SMS to the number within 10 s");
                }
                try {
                    latest.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
                last = latest.get(recipient);
            }
            return last;
        }
    }

    /** The last SMS to {@code recipient} since the fake started (kept by {@link #clear()}), or null. */
    public Sms latestTo(String recipient) {
        synchronized (latest) {
            return latest.get(recipient);
        }
    }

    public Optional<Sms> lastTo(String recipient) {
        List<Sms> list = sentTo(recipient);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
    }

    /**
     * The {@code count}-th SMS to {@code recipient} since the last {@link #clear()}, waiting up to 10 s for it: where no
     * proof preceded the step (a password reset by SMS alone) the SMS goes out after the page was answered.
     */
    public Sms awaitTo(String recipient, int count) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (sentTo(recipient).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("SMS number " + count + " to the number did not arrive within 10 s (" + sentTo(recipient).size() + " did)");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        return sentTo(recipient).get(count - 1);
    }

    /** Every following request is answered with this status (after validation passes), until {@link #reset()}. */
    public void failWith(int status) {
        forcedStatus.set(status);
    }

    public void failWith(int status, String retryAfterHeader) {
        retryAfter.set(retryAfterHeader);
        forcedStatus.set(status);
    }

    public void delay(Duration duration) {
        delay.set(duration);
    }

    /** Every following request waits (without answering) until {@link #reset()}. */
    public void hang() {
        hang = new CountDownLatch(1);
    }

    public void reset() {
        smsRead = true;
        classic = true;
        callerId = null;
        forcedStatus.set(null);
        retryAfter.set(null);
        delay.set(Duration.ZERO);
        CountDownLatch latch = hang;
        hang = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    public void clear() {
        reset();
        requests.clear();
        accepted.clear();
        connections.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            connections.add(exchange.getRemoteAddress().toString());
            synchronized (requests) {
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
                requests.notifyAll();
            }
            remember(body);
            CountDownLatch latch = hang;
            if (latch != null) {
                latch.await(5, TimeUnit.MINUTES);
                return;
            }
            Duration wait = delay.get();
            if (!wait.isZero()) {
                Thread.sleep(wait.toMillis());
            }
            if ("GET".equals(exchange.getRequestMethod())) {
                answerHelper(exchange);
                return;
            }
            int status = status(exchange, body);
            if (status == 204) {
                Integer forced = forcedStatus.get();
                if (forced != null) {
                    if (retryAfter.get() != null) {
                        exchange.getResponseHeaders().add("Retry-After", retryAfter.get());
                    }
                    respond(exchange, forced, "{\"error\":\"injected " + forced + "\"}");
                    return;
                }
                JsonNode json = JSON.readTree(body);
                Sms sms = new Sms(json.get("smsId").asText(), json.get("recipient").asText(), json.get("message").asText());
                accepted.add(sms);
                history.add(sms);
                synchronized (latest) {
                    latest.put(sms.recipient(), sms);
                    latest.notifyAll();
                }
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            respond(exchange, status, "{\"status\":" + status + "}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (deadline): nothing to answer
        }
    }

    /** Every number and code posted, whatever the answer will be (the log scans search them all). */
    private static void remember(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            UsedSecrets.number(json.path("recipient").asText(null));
            UsedSecrets.smsText(json.path("message").asText(null));
        } catch (IOException | RuntimeException e) {
            // not an SMS request: nothing to remember
        }
    }

    /** The non-billed helpers: GET /authorization/userinfo and GET /{userId}/sms (needs scope sms:read). */
    private void answerHelper(HttpExchange exchange) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString((TOKEN_ID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "{\"status\":401}");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if ("/v2/authorization/userinfo".equals(path)) {
            respond(exchange, 200, "{\"sub\":\"" + USER_ID + "\",\"domain\":\"sipgate.de\",\"masterSipId\":\"1234567\",\"locale\":\"de_DE\"}");
        } else if (("/v2/" + USER_ID + "/sms").equals(path)) {
            if (!smsRead) {
                respond(exchange, 403, "{\"status\":403}");
                return;
            }
            StringBuilder items = new StringBuilder();
            for (String id : knownSmsIds) {
                items.append(items.length() == 0 ? "" : ",").append("{\"id\":\"").append(id).append("\",\"alias\":\"SMS\",\"callerId\":\"sipgate\"}");
            }
            respond(exchange, 200, "{\"items\":[" + items + "]}");
        } else if ("/v2/groups".equals(path)) {
            if (classic) {
                respond(exchange, 200, "{\"items\":[]}");
            } else {
                exchange.getResponseHeaders().add("Content-Type", "text/plain");
                byte[] text = "This endpoint requires a sipgate Classic PBX Account".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(403, text.length);
                exchange.getResponseBody().write(text);
            }
        } else if (("/v2/" + USER_ID + "/sms/" + SMS_ID + "/callerids").equals(path)) {
            String verified = callerId == null ? "" : "{\"id\":1,\"phonenumber\":\"" + callerId + "\",\"verified\":true,\"defaultNumber\":true},";
            respond(exchange, 200, "{\"items\":[" + verified + "{\"id\":0,\"phonenumber\":\"+4915700000000\",\"verified\":false,"
                + "\"defaultNumber\":false}]}");
        } else {
            respond(exchange, 404, "{\"status\":404}");
        }
    }

    /** Whether the account is a classic one (else neo: {@code GET /v2/groups} answers 403 "requires a sipgate Classic PBX Account"). */
    public void classic(boolean isClassic) {
        classic = isClassic;
    }

    /** The SMS extension's verified default caller id (null: none, recipients see "sipgate"). */
    public void callerId(String number) {
        callerId = number;
    }

    /** Whether the token has scope sms:read (the list of SMS extensions); true after {@link #reset()}. */
    public void smsRead(boolean allowed) {
        smsRead = allowed;
    }

    private int status(HttpExchange exchange, String body) {
        if (!"/v2/sessions/sms".equals(exchange.getRequestURI().getPath())) {
            return 404;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            return 405;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            return 415;
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString((TOKEN_ID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return 401;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            return 400;
        }
        if (json == null || !json.isObject() || blank(json.get("message")) || blank(json.get("recipient"))) {
            return 400;
        }
        if (json.get("smsId") == null || json.get("smsId").isNull()) {
            return 500;
        }
        if (!knownSmsIds.contains(json.get("smsId").asText())) {
            return 403;
        }
        return 204;
    }

    private static boolean blank(JsonNode node) {
        return node == null || !node.isTextual() || node.asText().isBlank();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        reset();
        server.stop(0);
        pool.shutdownNow();
    }
}
