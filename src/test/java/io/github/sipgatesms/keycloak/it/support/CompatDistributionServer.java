package io.github.sipgatesms.keycloak.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.it.utils.Maven;
import org.keycloak.testframework.server.KeycloakDependency;
import org.keycloak.testframework.server.KeycloakServer;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;
import org.keycloak.testframework.server.ReadinessProbe;

/**
 * Starts a Keycloak distribution that the 26.7 test framework cannot start itself, because the framework
 * always adds options older servers reject ({@code --shutdown-delay}, {@code --shutdown-timeout}: "Unknown
 * option" on 26.5). It does what the framework's distribution mode does: unzip the dist zip of
 * {@code keycloak.server.version} (resolved from Maven like the framework does), deploy the requested providers
 * (the built jar and the framework's remote providers), run {@code kc.sh} with the framework's command line
 * minus the options the version does not know, wait until the server answers, and stop the process tree.
 * Selected with {@code kc.test.server=distribution-compat}.
 */
public final class CompatDistributionServer implements KeycloakServer {

    private static final Logger LOG = Logger.getLogger(CompatDistributionServer.class);
    /** Options introduced after 26.5; the framework sets them to shorten shutdown, which is harmless to drop. */
    private static final Set<String> UNKNOWN_BEFORE_26_6 = Set.of("--shutdown-delay", "--shutdown-timeout");

    private final long startTimeoutSeconds;
    private Process process;

    public CompatDistributionServer(long startTimeoutSeconds) {
        this.startTimeoutSeconds = startTimeoutSeconds;
    }

    @Override
    public void start(KeycloakServerConfigBuilder config, boolean tlsEnabled) {
        if (tlsEnabled) {
            throw new IllegalStateException("the compat distribution server runs plain HTTP only");
        }
        try {
            Path dist = Maven.resolveArtifact("org.keycloak", "keycloak-quarkus-dist");
            Path home = install(dist);
            deployProviders(home, FrameworkServerArgs.dependencies(config));

            List<String> command = new ArrayList<>();
            command.add(home.resolve("bin").resolve("kc.sh").toString());
            for (String arg : FrameworkServerArgs.of(config)) {
                if (!UNKNOWN_BEFORE_26_6.contains(arg.split("=", 2)[0])) {
                    command.add(arg);
                }
            }
            Path console = SmsServerConfig.WORK.resolve("console-" + home.getFileName() + ".log");
            Files.createDirectories(console.getParent());
            LOG.infov("starting {0} (console: {1})", home.getFileName(), console);
            process = new ProcessBuilder(command)
                .directory(home.resolve("bin").toFile())
                .redirectErrorStream(true)
                .redirectOutput(console.toFile())
                .start();
            Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
            try {
                ReadinessProbe.waitUntilReady(this, startTimeoutSeconds);
            } catch (RuntimeException e) {
                stop();
                throw new IllegalStateException("Keycloak did not start; its console output is in " + console + ":\n"
                    + tail(console), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path install(Path dist) throws IOException {
        return Distributions.install(dist, Path.of("target", "keycloak-dist").toAbsolutePath());
    }

    private static void deployProviders(Path home, Set<KeycloakDependency> dependencies) throws IOException {
        Path providers = home.resolve("providers");
        delete(providers);
        Files.createDirectories(providers);
        for (KeycloakDependency d : dependencies) {
            Path jar = Maven.resolveArtifact(d.getGroupId(), d.getArtifactId());
            Files.copy(jar, providers.resolve(d.getGroupId() + "__" + d.getArtifactId() + ".jar"));
        }
    }

    @Override
    public void stop() {
        Distributions.stop(process);
    }

    @Override
    public String getBaseUrl() {
        return "http://localhost:8080";
    }

    @Override
    public String getManagementBaseUrl() {
        return "http://localhost:9000";
    }

    private static void delete(Path dir) throws IOException {
        Distributions.delete(dir);
    }

    private static String tail(Path file) {
        return Distributions.tail(file, 4000);
    }
}
