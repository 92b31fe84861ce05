package io.github.sipgatesms.keycloak.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.keycloak.it.utils.Maven;

import io.github.sipgatesms.keycloak.it.support.Distributions;
import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;

/**
 * One Keycloak distribution in production mode ({@code kc.sh start}, H2 file database, local caches, metrics on) with
 * the built jar and server-wide sipgate options pointing at a fake sipgate, for the login benchmark.
 * Ports 8180 (HTTP) and 9180 (management), so it can run beside the integration suite's server. The server
 * option {@code max-concurrent-sends} is set per run ({@link Settings#maxConcurrentSends()}). Measures the
 * Keycloak JVM's CPU time and resident memory from /proc.
 */
final class BenchmarkServer implements AutoCloseable {

    static final int HTTP_PORT = 8180;
    static final int MANAGEMENT_PORT = 9180;
    static final String BASE = "http://localhost:" + HTTP_PORT + "/";

    private final Process process;
    private long javaPid;
    private final Path log;
    private final String version;
    private boolean peakResettable = true;

    private BenchmarkServer(Process process, Path log, String version) {
        this.process = process;
        this.javaPid = process.pid();
        this.log = log;
        this.version = version;
    }

    static BenchmarkServer start(BenchSipgate sipgate, int maxConcurrentSends, Path workDir) throws IOException, InterruptedException {
        Path dist = Maven.resolveArtifact("org.keycloak", "keycloak-quarkus-dist");
        Path home = Distributions.install(dist, Path.of("target", "keycloak-dist").toAbsolutePath());
        String version = home.getFileName().toString().replace("keycloak-", "");
        Path providers = home.resolve("providers");
        Distributions.delete(providers);
        Files.createDirectories(providers);
        Path jar = Path.of("target", "keycloak-sipgate-sms.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run 'mvn package' first");
        }
        Files.copy(jar, providers.resolve("keycloak-sipgate-sms.jar"));
        // a fresh database for every run
        Distributions.delete(home.resolve("data"));
        Files.createDirectories(workDir);
        Path log = workDir.resolve("keycloak.log");

        List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve("kc.sh").toString(), "start",
            "--db=dev-file", "--cache=local", "--http-enabled=true", "--hostname-strict=false",
            "--http-port=" + HTTP_PORT, "--http-management-port=" + MANAGEMENT_PORT, "--health-enabled=true",
            // metrics on, as operators run it: the step's meters (docs/operations.md) are part of what is measured
            "--metrics-enabled=true",
            // the realm SMS policy is a component of Keycloak's tab extension point, behind this feature
            "--features=declarative-ui",
            "--spi-authenticator--sipgate-sms--sipgate-base-url=" + sipgate.baseUrl(),
            "--spi-authenticator--sipgate-sms--sipgate-token-id=" + FakeSipgate.TOKEN_ID,
            "--spi-authenticator--sipgate-sms--sipgate-token=" + FakeSipgate.TOKEN,
            "--spi-authenticator--sipgate-sms--max-concurrent-sends=" + maxConcurrentSends,
            // the server pays, so its caps are the ceiling of the realm's (SECURITY.md 43): no limit may fire here
            "--spi-authenticator--sipgate-sms--max-sms-per-user-per-hour=1000000",
            "--spi-authenticator--sipgate-sms--max-sms-per-number-per-hour=1000000",
            "--spi-authenticator--sipgate-sms--max-sms-per-realm-per-hour=1000000",
            "--spi-authenticator--sipgate-sms--max-sms-per-address-per-hour=1000000"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.resolve("bin").toFile())
            .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("KC_"));
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        if (Boolean.getBoolean("bench.jfr")) {
            // a profile of the whole run (docs/performance.md, "Profile"): -Dbench.jfr=true
            builder.environment().put("JAVA_OPTS_APPEND", "-XX:StartFlightRecording=filename=" + workDir.resolve("keycloak.jfr").toAbsolutePath()
                + ",settings=profile,dumponexit=true");
        }
        Process process = builder.start();
        BenchmarkServer server = new BenchmarkServer(process, log, version);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        server.awaitReady(Duration.ofMinutes(4));
        // kc.sh runs the JVM as its child
        server.javaPid = process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
            .map(ProcessHandle::pid).findFirst().orElse(process.pid());
        return server;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited while starting; see " + log + ":\n" + tail());
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + MANAGEMENT_PORT + "/health/ready")).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet listening
            }
            Thread.sleep(500);
        }
        close();
        throw new IllegalStateException("Keycloak not ready within " + timeout + "; see " + log + ":\n" + tail());
    }

    String version() {
        return version;
    }

    Path log() {
        return log;
    }

    /** User plus system CPU time of the Keycloak JVM so far, in seconds. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(javaPid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after the command: state is [0], utime [11], stime [12] (clock ticks)
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** Starts a new peak-RSS window (Linux: writing 5 to clear_refs resets VmHWM). */
    void resetPeakRss() {
        if (!peakResettable) {
            return;
        }
        try {
            Files.writeString(Path.of("/proc", Long.toString(javaPid), "clear_refs"), "5");
        } catch (IOException | SecurityException e) {
            peakResettable = false;
        }
    }

    /** Whether {@link #peakRssMb()} is the peak since the last reset (else since the JVM started). */
    boolean peakPerPhase() {
        return peakResettable;
    }

    /** Peak resident memory of the Keycloak JVM (VmHWM), in MiB. */
    double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(javaPid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            // gone
        }
        return Double.NaN;
    }

    private String tail() {
        return Distributions.tail(log, 3000);
    }

    @Override
    public void close() {
        Distributions.stop(process);
    }

    private static final long CLOCK_TICKS = clockTicks();

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return Optional.of(out).filter(s -> s.matches("\\d+")).map(Long::parseLong).orElse(100L);
        } catch (IOException e) {
            return 100;
        }
    }
}
