package io.github.sipgatesms.keycloak.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import org.keycloak.common.Profile;
import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;

/**
 * The one server all integration tests share (the framework restarts the server whenever the config
 * class differs). It deploys the built, shaded jar (target/keycloak-sipgate-sms.jar, made resolvable by
 * the pom's built-jar profile) and takes the sipgate credentials from the server-wide options, pointed
 * at the shared fake sipgate. It has a file vault holding the fake's token for the realm
 * {@value #VAULT_REALM}, and writes its log, with the extension's category at DEBUG, to {@link #LOG_FILE}
 * for the log scan that runs after every other test. Metrics are on ({@code --metrics-enabled=true}).
 */
public final class SmsServerConfig implements KeycloakServerConfig {

    public static final Path WORK = Path.of("target", "keycloak-it").toAbsolutePath();
    public static final Path LOG_FILE = WORK.resolve("server.log");
    public static final Path VAULT = WORK.resolve("vault");
    /** Login themes of "customers" (a theme extending keycloak.v2), served by Keycloak's folder theme provider. */
    public static final Path THEMES = Path.of("target", "test-classes", "custom-themes").toAbsolutePath();
    public static final String VAULT_REALM = "secrets";
    public static final String VAULT_KEY = "sipgate-token";
    private static final AtomicBoolean FRESH_LOG = new AtomicBoolean();

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        FakeSipgate sipgate = SharedSipgate.get();
        prepareFiles();
        // log-level with a category list, not the framework's categoryLevel (--log-level-<category>, unknown to 26.5)
        config.log().handlers(KeycloakServerConfigBuilder.LogHandlers.FILE);
        return config
            .dependency("io.github.sipgatesms", "keycloak-sipgate-sms-built")
            // the realm tab "SMS (sipgate)": Keycloak's tab extension point is behind this feature
            .features(Profile.Feature.DECLARATIVE_UI)
            .option("log-file", LOG_FILE.toString())
            .option("log-level", "INFO,io.github.sipgatesms:DEBUG")
            .option("spi-theme--folder--dir", THEMES.toString())
            // Keycloak's Micrometer registry on, served on the management interface's /metrics (MetricsIT)
            .option("metrics-enabled", "true")
            .option("vault", "file")
            .option("vault-dir", VAULT.toString())
            .spiOption("authenticator", "sipgate-sms", "sipgate-token-id", FakeSipgate.TOKEN_ID)
            .spiOption("authenticator", "sipgate-sms", "sipgate-token", FakeSipgate.TOKEN)
            .spiOption("authenticator", "sipgate-sms", "sipgate-base-url", sipgate.baseUrl())
            // the server pays, so its caps are the ceiling of every realm's (SECURITY.md 43): the tests' realms set 1000
            .spiOption("authenticator", "sipgate-sms", "max-sms-per-user-per-hour", "1000")
            .spiOption("authenticator", "sipgate-sms", "max-sms-per-number-per-hour", "1000")
            .spiOption("authenticator", "sipgate-sms", "max-sms-per-realm-per-hour", "1000")
            .spiOption("authenticator", "sipgate-sms", "max-sms-per-address-per-hour", "1000");
    }

    private static void prepareFiles() {
        try {
            Files.createDirectories(VAULT);
            // file vault: one file per secret, named <realm>_<key>
            Files.writeString(VAULT.resolve(VAULT_REALM + "_" + VAULT_KEY), FakeSipgate.TOKEN, StandardCharsets.UTF_8);
            if (FRESH_LOG.compareAndSet(false, true)) {
                // once per test run: the framework calls configure() again for every test class
                Files.deleteIfExists(LOG_FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + WORK, e);
        }
    }
}
