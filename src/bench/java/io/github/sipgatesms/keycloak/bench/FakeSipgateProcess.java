package io.github.sipgatesms.keycloak.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;

/**
 * The fake sipgate as a process of its own, for the full benchmark run ({@link SipgateProcess} starts it):
 * {@code java -cp <classpath> io.github.sipgatesms.keycloak.bench.FakeSipgateProcess [sipgatePort [controlPort]]}
 * (0 or absent: any free port; both on 127.0.0.1). It prints one line, {@code ready sipgate=<baseUrl>
 * control=<url>}, and serves until its standard input closes or it is killed.
 * <p>
 * Keycloak sends to the fake ({@code POST /v2/sessions/sms}, as to sipgate); the harness reads the codes and drives
 * the fake on the control port:
 * <ul>
 * <li>{@code GET /latest?to=<number>}: the last SMS to the number, {@code {"id":..,"recipient":..,"message":..,"code":..}},
 * 404 if none; the id marks that SMS for {@code /await};</li>
 * <li>{@code GET /await?to=<number>&after=<id>}: the next SMS to the number after the one marked {@code id} (0: any),
 * held open until it arrives (no polling), 504 after 10 s;</li>
 * <li>{@code GET /stats}: {@code {"sent":..,"connections":..,"posts":..}} since the last clear;</li>
 * <li>{@code POST /clear}, {@code POST /hang}, {@code POST /reset}: as {@link FakeSipgate#clear()}, {@code hang()}, {@code reset()}.</li>
 * </ul>
 */
public final class FakeSipgateProcess {

    /** What {@code /await} compares with when the marker names an SMS that is no longer the last: never the last. */
    private static final FakeSipgate.Sms OLDER = new FakeSipgate.Sms("-", "-", "-");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The last SMS handed out per number, with the id that marks it. */
    private record Marked(FakeSipgate.Sms sms, long id) {
    }

    private final FakeSipgate fake;
    private final Map<String, Marked> marks = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    private FakeSipgateProcess(FakeSipgate fake) {
        this.fake = fake;
    }

    public static void main(String[] args) throws IOException {
        int sipgatePort = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int controlPort = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        FakeSipgate fake = FakeSipgate.start(sipgatePort);
        FakeSipgateProcess process = new FakeSipgateProcess(fake);
        HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", controlPort), 64);
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "fake-sipgate-control");
            thread.setDaemon(true);
            return thread;
        });
        control.setExecutor(threads);
        control.createContext("/", process::handle);
        control.start();
        System.out.println("ready sipgate=" + fake.baseUrl() + " control=http://127.0.0.1:" + control.getAddress().getPort());
        System.out.flush();
        // serve until the harness closes our standard input (or ends, which closes it too)
        while (System.in.read() >= 0) {
            // nothing is sent on it
        }
        control.stop(0);
        fake.close();
        System.exit(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            boolean post = "POST".equals(exchange.getRequestMethod());
            switch (path) {
                case "/latest" -> answer(exchange, fake.latestTo(query.getOrDefault("to", "")));
                case "/await" -> awaitOther(exchange, query.getOrDefault("to", ""), Long.parseLong(query.getOrDefault("after", "0")));
                case "/stats" -> {
                    Map<String, Object> stats = new LinkedHashMap<>();
                    stats.put("sent", fake.sent().size());
                    stats.put("connections", fake.connectionsSeen());
                    stats.put("posts", fake.requests().stream().filter(r -> r.method().equals("POST")).count());
                    respond(exchange, 200, JSON.writeValueAsString(stats));
                }
                case "/clear", "/hang", "/reset" -> {
                    if (!post) {
                        respond(exchange, 405, "{\"status\":405}");
                        return;
                    }
                    switch (path) {
                        case "/clear" -> fake.clear();
                        case "/hang" -> fake.hang();
                        default -> fake.reset();
                    }
                    exchange.sendResponseHeaders(204, -1);
                }
                default -> respond(exchange, 404, "{\"status\":404}");
            }
        } catch (RuntimeException e) {
            respond(exchange, 500, JSON.writeValueAsString(Map.of("error", String.valueOf(e))));
        }
    }

    private void awaitOther(HttpExchange exchange, String recipient, long after) throws IOException {
        Marked marked = marks.get(recipient);
        FakeSipgate.Sms previous = after == 0 ? null : marked != null && marked.id() == after ? marked.sms() : OLDER;
        FakeSipgate.Sms next;
        try {
            next = fake.awaitOther(recipient, previous);
        } catch (AssertionError e) {
            respond(exchange, 504, JSON.writeValueAsString(Map.of("error", String.valueOf(e.getMessage()))));
            return;
        }
        answer(exchange, next);
    }

    private void answer(HttpExchange exchange, FakeSipgate.Sms sms) throws IOException {
        if (sms == null) {
            respond(exchange, 404, "{\"status\":404}");
            return;
        }
        long id = marks.compute(sms.recipient(), (number, m) -> m != null && m.sms() == sms ? m
            : new Marked(sms, ids.incrementAndGet())).id();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("recipient", sms.recipient());
        body.put("message", sms.message());
        try {
            body.put("code", sms.code());
        } catch (AssertionError e) {
            body.put("code", null);
        }
        respond(exchange, 200, JSON.writeValueAsString(body));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
