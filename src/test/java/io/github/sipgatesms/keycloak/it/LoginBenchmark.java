package io.github.sipgatesms.keycloak.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;
import io.github.sipgatesms.keycloak.it.support.FormLogin;

/**
 * What the SMS step costs: complete browser-less logins (forms followed, no JavaScript, then the code
 * exchanged for tokens) against one production-mode Keycloak, for three flows side by side in the same
 * server and run, interleaved round by round:
 * <ul>
 * <li>A: username/password only;</li>
 * <li>B: username/password + Keycloak's own OTP form (TOTP computed here);</li>
 * <li>C: username/password + sipgate-sms (the code read from the fake sipgate, which answers at once).</li>
 * </ul>
 * Then the same server with the fake sipgate hanging: flow A's throughput beside SMS logins that must fail
 * cleanly within the sender's timeout. Prints a table and writes {@code target/benchmark/results.csv} and
 * {@code results.json}. {@code full} is the documented manual run; {@code smoke} (a few seconds per phase)
 * runs inside {@code mvn verify} as {@link LoginBenchmarkIT}.
 */
public final class LoginBenchmark {

    enum Flow {
        A("password"), B("password + OTP form"), C("password + sipgate-sms");

        final String label;

        Flow(String label) {
            this.label = label;
        }

        String client() {
            return "bench-" + name().toLowerCase(Locale.ROOT);
        }
    }

    record Settings(String mode, int[] concurrency, int rounds, int phaseSeconds, int warmupSeconds,
                    int usersA, int usersB, int usersC, int hungSeconds, int hungSmsClients) {

        static Settings full() {
            return new Settings("full", new int[] {1, 4, 16}, 3, 10, 20, 32, 1600, 96, 20, 64);
        }

        static Settings smoke() {
            // B users: warm-up and both phases fall in one or two 30-s windows, each user logs in once per window
            return new Settings("smoke", new int[] {1, 4}, 1, 3, 3, 8, 240, 16, 8, 6);
        }
    }

    /** One flow at one concurrency, summed over its rounds. */
    record Row(Flow flow, int concurrency, int logins, double seconds, double loginsPerSecond, double loginP50, double loginP99,
               double factorP50, double factorP99, int errors, double cpuSeconds, double peakRssMb, long poolWaitMillis) {
    }

    /** Flow A with and without a hung sipgate, and how the SMS logins during the hang ended. */
    record Hung(double normalPerSecond, double hungPerSecond, double ratio, int smsClients, int smsLogins, int smsCleanFailures,
                int smsRefusedAtOnce, long smsMaxMillis, int deadlineMillis) {
    }

    record Report(String mode, String machine, String keycloak, String started, List<Row> rows, long smsSent,
                  int sipgateConnections, Hung hung, List<String> errorSamples) {

        Row row(Flow flow, int concurrency) {
            return rows.stream().filter(r -> r.flow() == flow && r.concurrency() == concurrency).findFirst().orElseThrow();
        }

        int errors() {
            return rows.stream().mapToInt(Row::errors).sum();
        }
    }

    static final String REALM = "bench";
    static final String PASSWORD = "bench-Passw0rd";
    static final String REDIRECT = "http://localhost/callback";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Settings settings;
    private final FakeSipgate sipgate;
    private final BenchmarkServer server;
    private final Map<Flow, UserPool> pools = new EnumMap<>(Flow.class);
    private final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());

    private LoginBenchmark(Settings settings, FakeSipgate sipgate, BenchmarkServer server) {
        this.settings = settings;
        this.sipgate = sipgate;
        this.server = server;
    }

    public static void main(String[] args) throws Exception {
        Settings settings = args.length > 0 && args[0].equals("smoke") ? Settings.smoke() : Settings.full();
        Report report = run(settings, Path.of("target", "benchmark"));
        List<String> missed = targetsMissed(report);
        System.out.println(missed.isEmpty() ? "all targets met" : "targets missed:\n  " + String.join("\n  ", missed));
        System.exit(report.errors() == 0 ? 0 : 1);
    }

    static Report run(Settings settings, Path out) throws Exception {
        String started = Instant.now().toString();
        try (FakeSipgate sipgate = FakeSipgate.start();
             BenchmarkServer server = BenchmarkServer.start(sipgate, out)) {
            LoginBenchmark bench = new LoginBenchmark(settings, sipgate, server);
            bench.setUp();
            Report report = bench.measure(started);
            write(report, out);
            System.out.println(table(report));
            return report;
        }
    }

    // ---------------------------------------------------------------- set-up

    private void setUp() throws IOException, InterruptedException {
        Admin admin = new Admin();
        admin.post("admin/realms", realm());
        List<Map<String, Object>> users = new ArrayList<>();
        pools.put(Flow.A, new UserPool(false));
        pools.put(Flow.B, new UserPool(true));
        pools.put(Flow.C, new UserPool(false));
        for (int i = 0; i < settings.usersA(); i++) {
            BenchUser user = new BenchUser(String.format("a-%05d", i), null, null);
            users.add(user.representation());
            pools.get(Flow.A).add(user);
        }
        for (int i = 0; i < settings.usersB(); i++) {
            BenchUser user = new BenchUser(String.format("b-%05d", i), String.format("bench-otp-secret-%05d", i), null);
            users.add(user.representation());
            pools.get(Flow.B).add(user);
        }
        for (int i = 0; i < settings.usersC(); i++) {
            BenchUser user = new BenchUser(String.format("c-%05d", i), null, String.format("+49151%08d", 20_000_000 + i));
            users.add(user.representation());
            pools.get(Flow.C).add(user);
        }
        // Keycloak hashes each password on import: two batches at a time on two cores
        ExecutorService importers = Executors.newFixedThreadPool(2);
        List<Future<?>> batches = new ArrayList<>();
        for (int from = 0; from < users.size(); from += 200) {
            List<Map<String, Object>> batch = users.subList(from, Math.min(users.size(), from + 200));
            batches.add(importers.submit(() -> {
                admin.post("admin/realms/" + REALM + "/partialImport", Map.of("ifResourceExists", "FAIL", "users", batch));
                return null;
            }));
        }
        for (Future<?> batch : batches) {
            try {
                batch.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("user import failed", e.getCause());
            }
        }
        importers.shutdown();
        JsonNode flows = admin.get("admin/realms/" + REALM + "/authentication/flows");
        for (Flow flow : Flow.values()) {
            String flowId = null;
            for (JsonNode f : flows) {
                if (f.get("alias").asText().equals(flow.client())) {
                    flowId = f.get("id").asText();
                }
            }
            Map<String, Object> client = new LinkedHashMap<>();
            client.put("clientId", flow.client());
            client.put("publicClient", true);
            client.put("standardFlowEnabled", true);
            client.put("directAccessGrantsEnabled", false);
            client.put("redirectUris", List.of(REDIRECT));
            client.put("authenticationFlowBindingOverrides", Map.of("browser", flowId));
            admin.post("admin/realms/" + REALM + "/clients", client);
        }
    }

    private static Map<String, Object> realm() {
        Map<String, Object> realm = new LinkedHashMap<>();
        realm.put("realm", REALM);
        realm.put("enabled", true);
        realm.put("browserFlow", Flow.A.client());
        List<Map<String, Object>> flows = new ArrayList<>();
        flows.add(flow(Flow.A.client(), execution("auth-username-password-form", 10, null)));
        flows.add(flow(Flow.B.client(), execution("auth-username-password-form", 10, null), execution("auth-otp-form", 20, null)));
        flows.add(flow(Flow.C.client(), execution("auth-username-password-form", 10, null), execution("sipgate-sms", 20, "bench-sms")));
        realm.put("authenticationFlows", flows);
        // no limit may fire: the benchmark measures the cost of a send, not the refusals
        realm.put("authenticatorConfig", List.of(Map.of("alias", "bench-sms", "config", Map.of(
            "resendCooldownSeconds", "0", "maxSmsPerUserPerHour", "1000000", "maxSmsPerNumberPerHour", "1000000",
            "maxSmsPerRealmPerHour", "1000000"))));
        return realm;
    }

    @SafeVarargs
    private static Map<String, Object> flow(String alias, Map<String, Object>... executions) {
        Map<String, Object> flow = new LinkedHashMap<>();
        flow.put("alias", alias);
        flow.put("providerId", "basic-flow");
        flow.put("topLevel", true);
        flow.put("builtIn", false);
        flow.put("authenticationExecutions", List.of(executions));
        return flow;
    }

    private static Map<String, Object> execution(String authenticator, int priority, String config) {
        Map<String, Object> execution = new LinkedHashMap<>();
        execution.put("authenticator", authenticator);
        if (config != null) {
            execution.put("authenticatorConfig", config);
        }
        execution.put("requirement", "REQUIRED");
        execution.put("priority", priority);
        execution.put("autheticatorFlow", false); // sic: Keycloak's JSON name
        execution.put("userSetupAllowed", false);
        return execution;
    }

    // ---------------------------------------------------------------- measuring

    private Report measure(String started) throws Exception {
        List<Flow> order = new ArrayList<>(List.of(Flow.values()));
        for (Flow flow : order) {
            phase(flow, 4, settings.warmupSeconds(), null);
        }
        errorSamples.clear();
        long smsBefore = sipgate.sent().size();
        sipgate.clear();
        Map<String, Accumulator> results = new LinkedHashMap<>();
        for (int concurrency : settings.concurrency()) {
            for (Flow flow : Flow.values()) {
                results.put(flow + "/" + concurrency, new Accumulator(flow, concurrency));
            }
            for (int round = 0; round < settings.rounds(); round++) {
                // a different flow goes first in every round, so slow drift does not favour one of them
                Collections.rotate(order, 1);
                for (Flow flow : order) {
                    phase(flow, concurrency, settings.phaseSeconds(), results.get(flow + "/" + concurrency));
                }
            }
        }
        long smsSent = sipgate.sent().size();
        int connections = sipgate.connectionsSeen();
        Hung hung = hungSipgate();
        List<Row> rows = results.values().stream().map(Accumulator::row).toList();
        return new Report(settings.mode(), machine(), server.version(), started, rows, smsSent, connections, hung,
            List.copyOf(errorSamples.subList(0, Math.min(10, errorSamples.size()))));
    }

    /** Runs {@code concurrency} users logging in through {@code flow} for {@code seconds}; adds to {@code into}. */
    private Phase phase(Flow flow, int concurrency, int seconds, Accumulator into) throws InterruptedException {
        server.resetPeakRss();
        double cpuBefore = server.cpuSeconds();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        Phase phase = new Phase();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            Thread worker = new Thread(() -> work(flow, deadline, phase), "bench-" + flow + "-" + w);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        phase.seconds = seconds;
        phase.cpuSeconds = server.cpuSeconds() - cpuBefore;
        phase.peakRssMb = server.peakRssMb();
        if (into != null) {
            into.add(phase);
        }
        return phase;
    }

    private void work(Flow flow, long deadline, Phase phase) {
        FormLogin browser = new FormLogin(BenchmarkServer.BASE);
        UserPool pool = pools.get(flow);
        while (System.nanoTime() < deadline) {
            long waitStart = System.nanoTime();
            Slot slot;
            try {
                slot = pool.take(deadline);
            } catch (InterruptedException e) {
                return;
            }
            phase.poolWaitNanos.addAndGet(System.nanoTime() - waitStart);
            if (slot == null) {
                return;
            }
            try {
                Sample sample = login(browser, flow, slot.user);
                if (System.nanoTime() <= deadline) {
                    phase.add(sample);
                }
            } catch (RuntimeException | AssertionError e) {
                if (System.nanoTime() <= deadline) {
                    phase.errors.incrementAndGet();
                    errorSamples.add(flow + " " + slot.user.name + ": " + e.getMessage());
                }
            } finally {
                pool.release(slot);
            }
        }
    }

    private record Sample(double loginMillis, double factorMillis) {
    }

    /** One complete login; the second-factor part is the password POST (which starts the second step) plus the code POST. */
    private Sample login(FormLogin browser, Flow flow, BenchUser user) {
        browser.clearCookies();
        long t0 = System.nanoTime();
        FormLogin.Page page = browser.get(authUrl(flow));
        if (page.status() != 200) {
            throw new IllegalStateException("login page answered " + page.status());
        }
        long t1 = System.nanoTime();
        FormLogin.Page next = browser.password(page, user.name, PASSWORD);
        switch (flow) {
            case B -> {
                if (!next.body().contains("id=\"kc-otp-login-form\"")) {
                    throw new IllegalStateException("no OTP page after the password (" + next.status() + ") " + next.messages());
                }
                next = browser.post(next.formAction("kc-otp-login-form"), Map.of("otp", user.totp(), "login", "Sign In"));
            }
            case C -> {
                if (!next.isCodePage()) {
                    throw new IllegalStateException("no code page after the password (" + next.status() + ") " + next.messages());
                }
                String code = sipgate.lastTo(user.phone).orElseThrow(() -> new IllegalStateException("no SMS")).code();
                next = browser.submitCode(next, code);
            }
            default -> {
            }
        }
        if (!next.loggedIn()) {
            throw new IllegalStateException("not logged in (" + next.status() + ") " + next.messages());
        }
        long t2 = System.nanoTime();
        String code = queryParam(next.location(), "code");
        FormLogin.Page tokens = browser.post(BenchmarkServer.BASE + "realms/" + REALM + "/protocol/openid-connect/token",
            Map.of("grant_type", "authorization_code", "code", code, "client_id", flow.client(), "redirect_uri", REDIRECT));
        if (tokens.status() != 200 || !tokens.body().contains("\"access_token\"")) {
            throw new IllegalStateException("token exchange answered " + tokens.status());
        }
        long t3 = System.nanoTime();
        return new Sample((t3 - t0) / 1e6, (t2 - t1) / 1e6);
    }

    /**
     * Flow A with and without a hung sipgate. The SMS clients wait on their code page first; while sipgate hangs
     * they press "resend" again and again (three seconds to read the answer in between), so each of their requests
     * holds a Keycloak worker thread until the sender gives up, but costs no password hash: what flow A loses is
     * what the hanging requests take from it, not the CPU of more logins.
     */
    private Hung hungSipgate() throws Exception {
        UserPool pool = pools.get(Flow.C);
        List<Slot> users = new ArrayList<>();
        List<FormLogin> browsers = new ArrayList<>();
        List<FormLogin.Page> pages = new ArrayList<>();
        for (int i = 0; i < settings.hungSmsClients(); i++) {
            Slot slot = pool.take(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
            if (slot == null) {
                throw new IllegalStateException("not enough SMS users for " + settings.hungSmsClients() + " clients");
            }
            FormLogin browser = new FormLogin(BenchmarkServer.BASE);
            FormLogin.Page page = browser.password(browser.get(authUrl(Flow.C)), slot.user.name, PASSWORD);
            if (!page.isCodePage()) {
                throw new IllegalStateException("no code page for " + slot.user.name + ": " + page.messages());
            }
            users.add(slot);
            browsers.add(browser);
            pages.add(page);
        }
        Phase normal = phase(Flow.A, 4, settings.hungSeconds(), null);

        sipgate.hang();
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger clean = new AtomicInteger();
        AtomicInteger refusedAtOnce = new AtomicInteger();
        AtomicLong maxMillis = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.hungSeconds());
        List<Thread> smsClients = new ArrayList<>();
        for (int i = 0; i < settings.hungSmsClients(); i++) {
            FormLogin browser = browsers.get(i);
            FormLogin.Page first = pages.get(i);
            Thread client = new Thread(() -> {
                FormLogin.Page page = first;
                while (System.nanoTime() < deadline) {
                    try {
                        long start = System.nanoTime();
                        FormLogin.Page next = browser.resend(page);
                        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                        attempts.incrementAndGet();
                        maxMillis.accumulateAndGet(millis, Math::max);
                        // the code page with "could not be sent" and the resend button, never an error page
                        if (next.status() == 200 && next.isCodePage() && next.messages().contains("could not be sent")) {
                            clean.incrementAndGet();
                            if (millis < 1000) {
                                refusedAtOnce.incrementAndGet();
                            }
                            page = next;
                        } else {
                            errorSamples.add("hung sipgate: " + next.status() + " " + next.messages());
                        }
                        Thread.sleep(3000); // a person reads the message before pressing resend again
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException | AssertionError e) {
                        attempts.incrementAndGet();
                        errorSamples.add("hung sipgate: " + e.getMessage());
                    }
                }
            }, "bench-hung-" + i);
            smsClients.add(client);
            client.start();
        }
        Thread.sleep(1000); // the resend requests are hanging now
        Phase hung = phase(Flow.A, 4, settings.hungSeconds() - 2, null);
        for (Thread client : smsClients) {
            client.join();
        }
        sipgate.reset();
        users.forEach(pool::release);
        double normalRate = normal.count() / (double) normal.seconds;
        double hungRate = hung.count() / (double) hung.seconds;
        return new Hung(normalRate, hungRate, hungRate / normalRate, settings.hungSmsClients(), attempts.get(), clean.get(),
            refusedAtOnce.get(), maxMillis.get(), io.github.sipgatesms.keycloak.sms.sipgate.SipgateSmsSender.Timeouts.DEFAULT.deadlineMillis());
    }

    private static String authUrl(Flow flow) {
        return BenchmarkServer.BASE + "realms/" + REALM + "/protocol/openid-connect/auth?response_type=code&scope=openid"
            + "&client_id=" + flow.client() + "&redirect_uri=" + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8);
    }

    private static String queryParam(String url, String name) {
        String query = URI.create(url).getRawQuery();
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalStateException("no " + name + " in " + url);
    }

    // ---------------------------------------------------------------- users

    private static final class BenchUser {
        final String name;
        final String otpSecret;
        final String phone;

        BenchUser(String name, String otpSecret, String phone) {
            this.name = name;
            this.otpSecret = otpSecret;
            this.phone = phone;
        }

        Map<String, Object> representation() {
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("username", name);
            user.put("email", name + "@bench.example.org");
            user.put("firstName", "Bench");
            user.put("lastName", name);
            user.put("emailVerified", true);
            user.put("enabled", true);
            List<Map<String, Object>> credentials = new ArrayList<>();
            credentials.add(Map.of("type", "password", "value", PASSWORD, "temporary", false));
            if (otpSecret != null) {
                credentials.add(Map.of("type", "otp", "userLabel", "bench",
                    "secretData", "{\"value\":\"" + otpSecret + "\"}",
                    "credentialData", "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}"));
            }
            user.put("credentials", credentials);
            if (phone != null) {
                user.put("attributes", Map.of("phoneNumber", List.of(phone)));
            }
            return user;
        }

        /** RFC 6238 TOTP (HMAC-SHA1, 6 digits, 30 s) of the current window, as Keycloak's OTP form expects it. */
        String totp() {
            long window = System.currentTimeMillis() / 30_000;
            try {
                Mac mac = Mac.getInstance("HmacSHA1");
                mac.init(new SecretKeySpec(otpSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
                byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(window).array());
                int offset = hash[hash.length - 1] & 0xf;
                int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
                return String.format("%06d", binary % 1_000_000);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A user waiting to be used: at once, or (TOTP users) from the next 30-s window, so no code is used twice. */
    private static final class Slot implements Delayed {
        final BenchUser user;
        volatile long availableAtNanos;

        Slot(BenchUser user) {
            this.user = user;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(availableAtNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(availableAtNanos, ((Slot) other).availableAtNanos);
        }
    }

    /** Each user is logged in by one worker at a time (its SMS is then unambiguous). */
    private static final class UserPool {
        private final DelayQueue<Slot> queue = new DelayQueue<>();
        private final boolean totp;

        UserPool(boolean totp) {
            this.totp = totp;
        }

        void add(BenchUser user) {
            Slot slot = new Slot(user);
            slot.availableAtNanos = System.nanoTime();
            queue.add(slot);
        }

        Slot take(long deadlineNanos) throws InterruptedException {
            return queue.poll(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        void release(Slot slot) {
            long now = System.currentTimeMillis();
            long waitMillis = totp ? (now / 30_000 + 1) * 30_000 - now + 50 : 0;
            slot.availableAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
            queue.add(slot);
        }
    }

    // ---------------------------------------------------------------- results

    private static final class Phase {
        final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger errors = new AtomicInteger();
        final AtomicLong poolWaitNanos = new AtomicLong();
        int seconds;
        double cpuSeconds;
        double peakRssMb;

        void add(Sample sample) {
            samples.add(sample);
        }

        int count() {
            return samples.size();
        }
    }

    private static final class Accumulator {
        final Flow flow;
        final int concurrency;
        final List<Sample> samples = new ArrayList<>();
        int errors;
        int seconds;
        double cpu;
        double peakRss;
        long poolWaitNanos;

        Accumulator(Flow flow, int concurrency) {
            this.flow = flow;
            this.concurrency = concurrency;
        }

        void add(Phase phase) {
            samples.addAll(phase.samples);
            errors += phase.errors.get();
            seconds += phase.seconds;
            cpu += phase.cpuSeconds;
            peakRss = Math.max(peakRss, phase.peakRssMb);
            poolWaitNanos += phase.poolWaitNanos.get();
        }

        Row row() {
            double[] login = samples.stream().mapToDouble(Sample::loginMillis).sorted().toArray();
            double[] factor = samples.stream().mapToDouble(Sample::factorMillis).sorted().toArray();
            return new Row(flow, concurrency, samples.size(), seconds, samples.size() / (double) seconds,
                percentile(login, 50), percentile(login, 99), percentile(factor, 50), percentile(factor, 99), errors,
                cpu, peakRss, TimeUnit.NANOSECONDS.toMillis(poolWaitNanos));
        }
    }

    static double percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** The targets of the benchmark; empty when all are met. */
    static List<String> targetsMissed(Report report) {
        List<String> missed = new ArrayList<>();
        int[] levels = report.rows().stream().mapToInt(Row::concurrency).distinct().toArray();
        for (int c : levels) {
            Row b = report.row(Flow.B, c);
            Row cRow = report.row(Flow.C, c);
            if (cRow.loginsPerSecond() < 0.9 * b.loginsPerSecond()) {
                missed.add(String.format(Locale.ROOT, "throughput C/B at %d users: %.2f (< 0.90)", c, cRow.loginsPerSecond() / b.loginsPerSecond()));
            }
        }
        Row b1 = report.row(Flow.B, levels[0]);
        Row c1 = report.row(Flow.C, levels[0]);
        if (c1.factorP50() - b1.factorP50() > 5.0) {
            missed.add(String.format(Locale.ROOT, "second-factor median C - B at %d user(s): %.1f ms (> 5 ms)", levels[0],
                c1.factorP50() - b1.factorP50()));
        }
        if (report.errors() > 0) {
            missed.add(report.errors() + " errors");
        }
        for (Row r : report.rows()) {
            // workers waiting for a user whose TOTP code is still spent would understate that flow's throughput
            if (r.poolWaitMillis() > 0.01 * r.seconds() * 1000 * r.concurrency()) {
                missed.add(String.format(Locale.ROOT, "%s at %d users waited %d ms for free users: give it more users",
                    r.flow(), r.concurrency(), r.poolWaitMillis()));
            }
        }
        if (report.hung().ratio() < 0.9) {
            missed.add(String.format(Locale.ROOT, "flow A under a hung sipgate: %.2f of normal (< 0.90)", report.hung().ratio()));
        }
        if (report.hung().smsCleanFailures() != report.hung().smsLogins()
            || report.hung().smsMaxMillis() > report.hung().deadlineMillis() + 1000) {
            missed.add("SMS logins under a hung sipgate did not all fail cleanly within the deadline");
        }
        return missed;
    }

    static String table(Report report) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nLogin benchmark (%s) - Keycloak %s, production mode, H2 - %s%n", report.mode(),
            report.keycloak(), report.machine()));
        out.append(String.format(Locale.ROOT, "%-4s %-22s %5s %7s %9s %9s %9s %9s %9s %6s %7s %8s%n", "flow", "steps", "users",
            "logins", "logins/s", "login p50", "login p99", "2FA p50", "2FA p99", "errors", "CPU s", "peak RSS"));
        for (Row r : report.rows()) {
            out.append(String.format(Locale.ROOT, "%-4s %-22s %5d %7d %9.1f %7.1fms %7.1fms %7.1fms %7.1fms %6d %7.1f %6.0fMB%n",
                r.flow(), r.flow().label, r.concurrency(), r.logins(), r.loginsPerSecond(), r.loginP50(), r.loginP99(),
                r.factorP50(), r.factorP99(), r.errors(), r.cpuSeconds(), r.peakRssMb()));
        }
        out.append("2FA = the password POST (which starts the second step; for C it sends the SMS) plus the code POST; "
            + "for A the password POST alone.\n");
        int[] levels = report.rows().stream().mapToInt(Row::concurrency).distinct().toArray();
        for (int c : levels) {
            Row b = report.row(Flow.B, c);
            Row cRow = report.row(Flow.C, c);
            out.append(String.format(Locale.ROOT, "%2d users: throughput C/B = %.2f, 2FA median C - B = %+.1f ms, CPU per login C/B = %.2f%n",
                c, cRow.loginsPerSecond() / b.loginsPerSecond(), cRow.factorP50() - b.factorP50(),
                (cRow.cpuSeconds() / cRow.logins()) / (b.cpuSeconds() / b.logins())));
        }
        out.append(String.format(Locale.ROOT, "sipgate: %d SMS over %d TCP connection(s)%n", report.smsSent(), report.sipgateConnections()));
        Hung h = report.hung();
        out.append(String.format(Locale.ROOT, "hung sipgate: flow A at 4 users %.1f -> %.1f logins/s (%.0f %%) beside %d SMS clients "
            + "pressing resend; %d SMS attempts, %d ended cleanly (code page with 'could not be sent'), %d of them refused at once "
            + "(max-concurrent-sends), slowest %d ms (deadline %d ms)%n", h.normalPerSecond(), h.hungPerSecond(), 100 * h.ratio(),
            h.smsClients(), h.smsLogins(), h.smsCleanFailures(), h.smsRefusedAtOnce(), h.smsMaxMillis(), h.deadlineMillis()));
        if (!report.errorSamples().isEmpty()) {
            out.append("errors, first ones:\n  ").append(String.join("\n  ", report.errorSamples())).append('\n');
        }
        return out.toString();
    }

    private static void write(Report report, Path out) throws IOException {
        Files.createDirectories(out);
        StringBuilder csv = new StringBuilder("flow,steps,users,logins,seconds,logins_per_s,login_p50_ms,login_p99_ms,"
            + "second_factor_p50_ms,second_factor_p99_ms,errors,cpu_s,peak_rss_mb,pool_wait_ms\n");
        for (Row r : report.rows()) {
            csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%.2f,%.2f,%.2f,%.2f,%.2f,%d,%.2f,%.0f,%d%n", r.flow(), r.flow().label,
                r.concurrency(), r.logins(), (int) r.seconds(), r.loginsPerSecond(), r.loginP50(), r.loginP99(), r.factorP50(),
                r.factorP99(), r.errors(), r.cpuSeconds(), r.peakRssMb(), r.poolWaitMillis()));
        }
        Files.writeString(out.resolve("results.csv"), csv);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("report", report);
        json.put("targetsMissed", targetsMissed(report));
        Files.writeString(out.resolve("results.json"), JSON.writeValueAsString(json));
        Files.writeString(out.resolve("results.txt"), table(report));
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException e) {
            // not Linux
        }
        long memGib = 0;
        try {
            memGib = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024).orElse(0L);
        } catch (IOException e) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memGib + " GiB, Java "
            + System.getProperty("java.version");
    }

    /** The admin REST API with the bootstrap admin (a fresh token per call: they live 60 s). */
    private static final class Admin {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        private String token() throws IOException, InterruptedException {
            String form = "grant_type=password&client_id=admin-cli&username=admin&password=admin";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(BenchmarkServer.BASE
                    + "realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("admin token: " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body()).get("access_token").asText();
        }

        void post(String path, Object body) throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(BenchmarkServer.BASE + path))
                .timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("POST " + path + ": " + response.statusCode() + " " + response.body());
            }
        }

        JsonNode get(String path) throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(BenchmarkServer.BASE + path))
                .header("Authorization", "Bearer " + token()).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + ": " + response.statusCode());
            }
            return JSON.readTree(response.body());
        }
    }
}
