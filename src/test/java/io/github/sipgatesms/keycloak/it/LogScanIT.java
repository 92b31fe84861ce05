package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;
import io.github.sipgatesms.keycloak.it.support.SharedSipgate;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;

/**
 * Runs after every other integration test of the shared server (junit-platform.properties orders classes by
 * {@link Order}; only {@link UnchangedFormIT}, on a server of its own, comes later) and
 * scans the log the shared server wrote meanwhile, with the extension's category at DEBUG, for secrets.
 */
@KeycloakIntegrationTest(config = SmsServerConfig.class)
@Order(Integer.MAX_VALUE - 1)
@DisplayName("the server log of the whole suite holds no code, no token and no full phone number")
class LogScanIT {

    private static List<String> lines() throws IOException {
        assertThat(SmsServerConfig.LOG_FILE).as("server log file").exists();
        return Files.readAllLines(SmsServerConfig.LOG_FILE, StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("the scan sees the extension's DEBUG lines (masked numbers), then finds no secret in any line")
    void noSecrets() throws IOException {
        List<String> lines = lines();
        List<FakeSipgate.Sms> history = SharedSipgate.get().history();
        assertThat(history).as("SMS sent during the suite").hasSizeGreaterThan(20);
        // positive marker: an empty or filtered log cannot pass
        assertThat(lines).as("DEBUG lines of the extension with a masked number")
            .anyMatch(line -> line.contains("DEBUG") && line.contains("sipgate-sms: code SMS accepted") && line.contains("+49 ••• ••• "));
        assertThat(lines).as("WARN lines of the extension").anyMatch(line -> line.contains("WARN") && line.contains("sipgate-sms:"));

        List<String> secrets = new ArrayList<>();
        secrets.add(FakeSipgate.TOKEN);
        secrets.add(Base64.getEncoder().encodeToString((FakeSipgate.TOKEN_ID + ":" + FakeSipgate.TOKEN).getBytes(StandardCharsets.UTF_8)));
        List<String> leaks = new ArrayList<>();
        for (String line : lines) {
            for (String secret : secrets) {
                if (line.contains(secret)) {
                    leaks.add("token: " + line);
                }
            }
        }
        for (FakeSipgate.Sms sms : history) {
            // the code as a word of its own (digits inside ids or timestamps are not the code)
            Pattern code = Pattern.compile("(?<![0-9A-Za-z])" + sms.code() + "(?![0-9A-Za-z])");
            String national = sms.recipient().substring(3);
            for (String line : lines) {
                if (code.matcher(line).find() && !line.contains("SIMULATION")) {
                    leaks.add("code " + sms.code() + ": " + line);
                }
                if (line.contains(national)) {
                    leaks.add("number " + sms.recipient() + ": " + line);
                }
            }
        }
        assertThat(leaks).as("log lines with a secret").isEmpty();
    }
}
