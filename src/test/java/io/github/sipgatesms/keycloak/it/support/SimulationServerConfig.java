package io.github.sipgatesms.keycloak.it.support;

import java.nio.file.Path;

import org.keycloak.common.Profile;
import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;

/**
 * A server whose operator set everything server-wide: credentials (the shared fake), {@code code-length=8},
 * {@code allow-simulation} and {@code simulation}. Only {@code it.UnchangedFormIT} uses it, last in the run, so the
 * framework restarts the server once for it. Its log (with the SIMULATION lines) is {@link #LOG_FILE}.
 */
public final class SimulationServerConfig implements KeycloakServerConfig {

    public static final Path LOG_FILE = SmsServerConfig.WORK.resolve("server-simulation.log");

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        FakeSipgate sipgate = SharedSipgate.get();
        config.log().handlers(KeycloakServerConfigBuilder.LogHandlers.FILE);
        return config
            .dependency("io.github.sipgatesms", "keycloak-sipgate-sms-built")
            // the realm tab "SMS (sipgate)": Keycloak's tab extension point is behind this feature
            .features(Profile.Feature.DECLARATIVE_UI)
            .option("log-file", LOG_FILE.toString())
            .option("log-level", "INFO,io.github.sipgatesms:DEBUG")
            .spiOption("authenticator", "sipgate-sms", "sipgate-token-id", FakeSipgate.TOKEN_ID)
            .spiOption("authenticator", "sipgate-sms", "sipgate-token", FakeSipgate.TOKEN)
            .spiOption("authenticator", "sipgate-sms", "sipgate-base-url", sipgate.baseUrl())
            .spiOption("authenticator", "sipgate-sms", "code-length", "8")
            .spiOption("authenticator", "sipgate-sms", "allow-simulation", "true")
            .spiOption("authenticator", "sipgate-sms", "simulation", "true")
            // the server pays, so its caps are the ceiling of every realm's (SECURITY.md 43): the tests' realms set 1000
            .spiOption("authenticator", "sipgate-sms", "max-sms-per-user-per-hour", "1000")
            .spiOption("authenticator", "sipgate-sms", "max-sms-per-number-per-hour", "1000")
            .spiOption("authenticator", "sipgate-sms", "max-sms-per-realm-per-hour", "1000")
            .spiOption("authenticator", "sipgate-sms", "max-sms-per-address-per-hour", "1000");
    }
}
