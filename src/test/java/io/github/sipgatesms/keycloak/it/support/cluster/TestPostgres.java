package io.github.sipgatesms.keycloak.it.support.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import io.github.sipgatesms.keycloak.it.support.Distributions;

/**
 * A throwaway PostgreSQL server from the Debian packages ({@code /usr/lib/postgresql/<major>/bin}, the newest
 * major installed): a data directory in a fresh temp directory owned by the {@code postgres} user,
 * {@code initdb}/{@code pg_ctl} run as that user (they refuse root), trust authentication, listening on
 * 127.0.0.1 only, and one database. {@link #stop()} stops the server it started (pg_ctl, then its postmaster
 * PID) and removes the temp directory.
 */
public final class TestPostgres {

    private static final Logger LOG = Logger.getLogger(TestPostgres.class);
    public static final String USER = "postgres";

    private final int port;
    private final String database;
    private Path bin;
    private Path temp;
    private Path data;
    private Path log;
    private long postmasterPid = -1;

    public TestPostgres(int port, String database) {
        this.port = port;
        this.database = database;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public void start() {
        try {
            bin = binaries().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL is not installed (no /usr/lib/postgresql/<major>/bin/initdb); .ci/run installs it: apt-get install postgresql"));
            temp = Files.createTempDirectory("kc-cluster-pg-");
            data = temp.resolve("data");
            log = temp.resolve("postgres.log");
            Path sockets = temp.resolve("sockets");
            Files.createDirectories(sockets);
            run(List.of("chown", "-R", USER + ":" + USER, temp.toString()));
            run(List.of("chmod", "755", temp.toString()));
            asPostgres(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust", "-E", "UTF8",
                "--no-sync", "--locale=C");
            asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -h 127.0.0.1 -k " + sockets + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                    + " -c max_connections=200",
                "start");
            postmasterPid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
            asPostgres(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", USER, database);
            LOG.infov("PostgreSQL {0} on 127.0.0.1:{1,number,#} (pid {2,number,#}, data {3})", bin.getParent().getFileName(), port,
                postmasterPid, data);
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            String tail = log != null && Files.exists(log) ? Distributions.tail(log, 3000) : "(no log)";
            stop();
            throw new IllegalStateException("PostgreSQL did not start: " + e.getMessage() + "\nserver log:\n" + tail, e);
        }
    }

    /** Stops the server (fast shutdown, then SIGKILL of the postmaster if it is still there) and deletes its files. */
    synchronized void stop() {
        if (data != null && postmasterPid > 0) {
            try {
                asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "30", "stop");
            } catch (RuntimeException e) {
                LOG.warnv("pg_ctl stop failed ({0}); killing postmaster {1,number,#}", e.getMessage(), postmasterPid);
            }
            ProcessHandle.of(postmasterPid).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> null).join();
            });
            postmasterPid = -1;
        }
        if (temp != null) {
            try {
                Distributions.delete(temp);
            } catch (IOException e) {
                LOG.warnv("cannot delete {0}: {1}", temp, e);
            }
            temp = null;
        }
    }

    /** The bin directory of the newest installed PostgreSQL major version. */
    public static Optional<Path> binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> majors = Files.list(root)) {
            return majors.filter(p -> p.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                .filter(p -> Files.isExecutable(p.resolve("bin").resolve("initdb")))
                .max(Comparator.comparingDouble(p -> Double.parseDouble(p.getFileName().toString())))
                .map(p -> p.resolve("bin"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void asPostgres(String... command) {
        List<String> line = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            // initdb and pg_ctl refuse to run as root
            line.addAll(List.of("runuser", "-u", USER, "--"));
        }
        line.addAll(List.of(command));
        run(line);
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).directory(Path.of("/").toFile()).redirectErrorStream(true).start();
            // pg_ctl start leaves the postmaster running with our pipe closed (it logs to -l), so reading to EOF is safe
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "):\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
