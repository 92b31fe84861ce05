package io.github.sipgatesms.keycloak.it.support.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import io.github.sipgatesms.keycloak.it.support.Distributions;

/**
 * One Keycloak node of the test cluster: its own home directory (a copy of the built distribution), started with
 * {@code kc.sh start --optimized} (production mode) as a child process whose console goes to {@link #log()}.
 * {@code kc.sh} execs the JVM, so the process is the Keycloak JVM itself; {@link #kill()} SIGKILLs it (and any
 * descendant), {@link #stop()} ends it gracefully with a forced kill as fallback.
 */
public final class ClusterNode {

    private static final Logger LOG = Logger.getLogger(ClusterNode.class);
    private static final Pattern VIEW = Pattern.compile("ISPN000094: Received new cluster view for channel \\S+: \\[[^\\]]*\\] \\((\\d+)\\)");

    final String name;
    final int httpPort;
    final int managementPort;
    final int cachePort;
    private final Path home;
    private final Path log;
    private Process process;

    public ClusterNode(String name, Path home, int httpPort, int managementPort, int cachePort) {
        this.name = name;
        this.home = home;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.cachePort = cachePort;
        this.log = home.getParent().resolve(name + ".log");
    }

    /** Base URL of this node, ending with a slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort + "/";
    }

    public Path log() {
        return log;
    }

    public void start(List<String> options, Map<String, String> env) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin").resolve("kc.sh").toString());
        command.add("start");
        command.add("--optimized");
        command.add("--http-enabled=true");
        command.add("--http-host=127.0.0.1");
        command.add("--http-port=" + httpPort);
        command.add("--http-management-host=127.0.0.1");
        command.add("--http-management-port=" + managementPort);
        command.add("--hostname-strict=false");
        command.add("--cache=ispn");
        command.add("--cache-stack=jdbc-ping");
        command.add("--cache-embedded-network-bind-address=127.0.0.1");
        command.add("--cache-embedded-network-bind-port=" + cachePort);
        // a readable node name in the cluster view and the route of the session cookies
        command.add("--spi-cache-embedded--default--node-name=" + name);
        command.addAll(options);
        try {
            Files.deleteIfExists(log);
            ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.resolve("bin").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("KC_"));
            builder.environment().putAll(env);
            process = builder.start();
            LOG.infov("started {0} (pid {1,number,#}, http {2,number,#}, cache port {3,number,#}, log {4})",
                name, process.pid(), httpPort, cachePort, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** Waits until {@code /health/ready} of the management interface answers 200. */
    public void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!alive()) {
                throw new IllegalStateException(name + " exited (" + process.exitValue() + ") while starting:\n" + Distributions.tail(log, 6000));
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            pause(500);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + ":\n" + Distributions.tail(log, 6000));
    }

    /** The member count of the newest cluster view in the node's log (0 before the first view). */
    public int clusterViewSize() {
        try {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            Matcher view = VIEW.matcher(text);
            int size = 0;
            while (view.find()) {
                size = Integer.parseInt(view.group(1));
            }
            return size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the node's log shows a cluster view of {@code members} members. */
    public void awaitClusterView(int members, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (clusterViewSize() == members) {
                return;
            }
            if (!alive()) {
                throw new IllegalStateException(name + " exited (" + process.exitValue() + ") before a cluster view of " + members
                    + " members:\n" + Distributions.tail(log, 6000));
            }
            pause(250);
        }
        throw new IllegalStateException(name + " did not log a cluster view of " + members + " members within " + timeout
            + " (last view: " + clusterViewSize() + "):\n" + Distributions.tail(log, 6000));
    }

    /** SIGKILL of the Keycloak JVM (and anything it started): no shutdown hook runs, nothing is handed over. */
    public void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.add(p.toHandle());
        for (ProcessHandle handle : tree) {
            run("kill", "-KILL", Long.toString(handle.pid()));
        }
        for (ProcessHandle handle : tree) {
            handle.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        }
        LOG.infov("killed {0} (pid {1,number,#}) with SIGKILL", name, p.pid());
    }

    /** Graceful stop (SIGTERM) by PID, SIGKILL after 30 s. */
    public void stop() {
        Distributions.stop(process);
    }

    private static void run(String... command) {
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
