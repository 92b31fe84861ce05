package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import io.github.sipgatesms.keycloak.it.support.LogScan;
import io.github.sipgatesms.keycloak.it.support.SharedSipgate;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;
import io.github.sipgatesms.keycloak.testsupport.UsedSecrets;

/**
 * Runs after every other integration test of the shared server (junit-platform.properties orders classes by
 * {@link Order}; only {@link UnchangedFormIT}, on a server of its own, comes later) and scans the logs written
 * meanwhile, with the extension's category at DEBUG: the shared server's and, when the benchmark smoke ran in this
 * JVM, the benchmark server's. It searches every number and code the suite used, also those the extension refused
 * and those whose send failed ({@link UsedSecrets}); the cluster tests scan their nodes' logs the same way.
 */
@KeycloakIntegrationTest(config = SmsServerConfig.class)
@Order(Integer.MAX_VALUE - 1)
@DisplayName("the server logs of the whole suite hold no code, no token and no full phone number")
class LogScanIT {

    /** Where the benchmark smoke (LoginBenchmarkIT) writes its server's log. */
    static final Path BENCHMARK_LOG = Path.of("target", "benchmark-smoke", "keycloak.log");

    @Test
    @DisplayName("the scan sees the extension's DEBUG lines (masked numbers), then finds no secret in any line")
    void noSecrets() {
        assertThat(SharedSipgate.get().history()).as("SMS sent during the suite").hasSizeGreaterThan(20);
        assertThat(UsedSecrets.numbers()).as("numbers used, refused ones included").hasSizeGreaterThan(SharedSipgate.get()
            .history().stream().map(sms -> sms.recipient()).distinct().toList().size());
        assertThat(SmsServerConfig.LOG_FILE).as("the shared server's log, its extension category at DEBUG")
            .content().contains("DEBUG").contains("sipgate-sms: code SMS sent");
        List<Path> logs = new ArrayList<>(List.of(SmsServerConfig.LOG_FILE));
        if (Files.exists(BENCHMARK_LOG)) {
            logs.add(BENCHMARK_LOG);
        }
        LogScan.assertNoSecrets(logs);
    }
}
