package io.github.sipgatesms.keycloak.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.server.KeycloakDependency;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/** A unit test (no server): the framework internals {@link CompatDistributionServer} relies on are still there. */
class FrameworkServerArgsTest {

    @Test
    @DisplayName("the framework's server configuration still gives its kc.sh command line and provider jars")
    void readsTheFrameworksCommandLineAndProviders() {
        KeycloakServerConfigBuilder config = KeycloakServerConfigBuilder.startDev()
            .option("http-port", "8080")
            .spiOption("authenticator", "sipgate-sms", "code-length", "8")
            .dependency("io.github.sipgatesms", "some-provider");

        List<String> args = FrameworkServerArgs.of(config);
        assertThat(args).first().isEqualTo("start-dev");
        assertThat(args).contains("--http-port=8080", "--spi-authenticator--sipgate-sms--code-length=8");
        assertThat(FrameworkServerArgs.dependencies(config)).extracting(KeycloakDependency::getArtifactId)
            .contains("some-provider");
    }
}
