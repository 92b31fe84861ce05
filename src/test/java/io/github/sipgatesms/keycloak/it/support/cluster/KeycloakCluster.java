package io.github.sipgatesms.keycloak.it.support.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.it.utils.Maven;

import io.github.sipgatesms.keycloak.it.support.Distributions;
import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;

/**
 * A two-node Keycloak cluster for tests (JUnit extension, registered as a static field): a throwaway PostgreSQL
 * ({@link TestPostgres}) as the shared database, and two Keycloak nodes of {@code keycloak.server.version} in
 * production mode ({@code kc.sh start}) with the built jar, clustered by Keycloak's embedded Infinispan (JDBC_PING
 * discovery through that database, one cache port per node on loopback). Before any test runs, both nodes must
 * answer {@code /health/ready} and both logs must show a cluster view of two members. Everything it started is
 * stopped by process id after the tests (also when they fail) and by a JVM shutdown hook.
 * <p>
 * Ports: PostgreSQL 55432; node-1 http 8281, management 9281, cache 7811; node-2 http 8282, management 9282,
 * cache 7812. Files: {@code target/keycloak-cluster/} (the built distribution, one copy per node, node logs).
 */
public final class KeycloakCluster implements BeforeAllCallback, AfterAllCallback {

    private static final Logger LOG = Logger.getLogger(KeycloakCluster.class);
    public static final String ENABLED = "keycloak.cluster.it";
    public static final String ADMIN = "cluster-admin";
    public static final String ADMIN_PASSWORD = "cluster-admin-pw-1";
    static final int DB_PORT = 55432;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final Path work = Path.of("target", "keycloak-cluster").toAbsolutePath();
    private final List<ClusterNode> nodes = new ArrayList<>();
    private TestPostgres postgres;
    private FakeSipgate sipgate;
    private Keycloak admin;
    private Thread hook;

    public ClusterNode node(int number) {
        return nodes.get(number - 1);
    }

    public FakeSipgate sipgate() {
        return sipgate;
    }

    /** The admin client of the master realm, on node 1. */
    public Keycloak admin() {
        return admin;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        // the default failsafe execution may pick the class up too (-Dit.test=...); only the cluster execution runs it
        Assumptions.assumeTrue(Boolean.getBoolean(ENABLED), "cluster tests run in the failsafe execution 'keycloak-cluster' (-D" + ENABLED + "=true)");
        long started = System.nanoTime();
        hook = new Thread(this::stopAll, "keycloak-cluster-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        sipgate = FakeSipgate.start();
        postgres = new TestPostgres(DB_PORT, "keycloak");
        postgres.start();

        Path built = buildDistribution();
        nodes.add(new ClusterNode("node-1", copy(built, "node-1"), 8281, 9281, 7811));
        nodes.add(new ClusterNode("node-2", copy(built, "node-2"), 8282, 9282, 7812));

        List<String> options = List.of(
            "--db-url=" + postgres.jdbcUrl(),
            "--db-username=" + TestPostgres.USER,
            "--db-password=unused",
            "--log-level=INFO,io.github.sipgatesms:DEBUG",
            "--spi-authenticator--sipgate-sms--sipgate-token-id=" + FakeSipgate.TOKEN_ID,
            "--spi-authenticator--sipgate-sms--sipgate-token=" + FakeSipgate.TOKEN,
            "--spi-authenticator--sipgate-sms--sipgate-base-url=" + sipgate.baseUrl(),
            // the server pays, so its caps are the ceiling of every realm's (SECURITY.md 43): the tests' realms set 1000
            "--spi-authenticator--sipgate-sms--max-sms-per-user-per-hour=1000",
            "--spi-authenticator--sipgate-sms--max-sms-per-number-per-hour=1000",
            "--spi-authenticator--sipgate-sms--max-sms-per-realm-per-hour=1000",
            "--spi-authenticator--sipgate-sms--max-sms-per-address-per-hour=1000");
        Map<String, String> env = Map.of(
            "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN,
            "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // node 2 starts once node 1 has formed the cluster (its first view, registered in JDBC_PING): started at the
        // same moment, both could form a cluster of their own and only merge much later. The schema migration
        // itself is serialized by Keycloak's database lock.
        node(1).start(options, env);
        node(1).awaitClusterView(1, START_TIMEOUT);
        node(2).start(options, env);
        for (ClusterNode node : nodes) {
            node.awaitReady(START_TIMEOUT);
        }
        for (ClusterNode node : nodes) {
            node.awaitClusterView(2, Duration.ofMinutes(1));
        }
        admin = KeycloakBuilder.builder().serverUrl(node(1).baseUrl()).realm("master").clientId("admin-cli")
            .username(ADMIN).password(ADMIN_PASSWORD).build();
        LOG.infov("cluster of 2 nodes ready in {0} s", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopAll();
        try {
            if (hook != null) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        } catch (IllegalStateException e) {
            // already shutting down, or never added
        }
    }

    private synchronized void stopAll() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
        for (ClusterNode node : nodes) {
            node.stop();
        }
        if (postgres != null) {
            postgres.stop();
            postgres = null;
        }
        if (sipgate != null) {
            sipgate.close();
            sipgate = null;
        }
    }

    /**
     * The dist zip of {@code keycloak.server.version} unpacked once under target/keycloak-cluster/, with the built
     * jar in providers/ and {@code kc.sh build --db=postgres --health-enabled=true} run; rebuilt when the jar changed.
     */
    private Path buildDistribution() throws IOException, InterruptedException {
        Path dist = Maven.resolveArtifact("org.keycloak", "keycloak-quarkus-dist");
        Path home = Distributions.install(dist, work.resolve("dist"));
        Path jar = Path.of("target", "keycloak-sipgate-sms.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the cluster tests through mvn verify (after package)");
        }
        Path deployed = home.resolve("providers").resolve("keycloak-sipgate-sms.jar");
        Path marker = home.resolve("cluster-build.done");
        if (Files.exists(marker) && Files.exists(deployed) && Files.mismatch(jar, deployed) == -1) {
            return home;
        }
        Files.deleteIfExists(marker);
        Files.copy(jar, deployed, StandardCopyOption.REPLACE_EXISTING);
        Path log = work.resolve("build.log");
        Process build = new ProcessBuilder(home.resolve("bin").resolve("kc.sh").toString(), "build", "--db=postgres", "--health-enabled=true",
            "--features=declarative-ui")
            .directory(home.resolve("bin").toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!build.waitFor(5, TimeUnit.MINUTES) || build.exitValue() != 0) {
            build.destroyForcibly();
            throw new IllegalStateException("kc.sh build failed:\n" + Distributions.tail(log, 4000));
        }
        Files.writeString(marker, jar.toString());
        return home;
    }

    /** A fresh copy of the built distribution for one node (own data/ and conf/). */
    private Path copy(Path built, String name) throws IOException, InterruptedException {
        Path home = work.resolve(name);
        Distributions.delete(home);
        Process cp = new ProcessBuilder("cp", "-a", built.toString(), home.toString()).redirectErrorStream(true).start();
        String output = new String(cp.getInputStream().readAllBytes());
        if (!cp.waitFor(2, TimeUnit.MINUTES) || cp.exitValue() != 0) {
            throw new IOException("cannot copy " + built + " to " + home + ": " + output);
        }
        return home;
    }
}
