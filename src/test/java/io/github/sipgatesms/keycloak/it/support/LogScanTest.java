package io.github.sipgatesms.keycloak.it.support;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;
import io.github.sipgatesms.keycloak.testsupport.UsedSecrets;

/** The log scan itself (no server): it finds each kind of secret, also refused numbers typed in another format. */
class LogScanTest {

    private static final String MARKER = "2026-12-01 10:00:00,000 DEBUG [io.github.sipgatesms] sipgate-sms: code SMS sent to +49 ••• ••• 6789";

    @TempDir
    Path dir;

    @BeforeAll
    static void used() {
        UsedSecrets.number("+49 151 7777 1234");
        UsedSecrets.smsText("Demo: your login code is 482913.\n\n@localhost #482913");
        UsedSecrets.code("000111");
    }

    @Test
    @DisplayName("a log with only masked numbers passes")
    void cleanLogPasses() throws IOException {
        assertThatCode(() -> LogScan.assertNoSecrets(List.of(log(MARKER, "INFO other line 1234 at 15:17",
            "INFO [org.keycloak.services.resources.KeycloakApplication] (main) Bootstrap completed in 7.000111 seconds"))))
            .as("a code's digits as the fraction of a decimal number").doesNotThrowAnyException();
    }

    @Test
    @DisplayName("a number typed with spaces is found in its national digits, a code sent or typed as a word, the token")
    void findsEachKind() throws IOException {
        for (String leak : List.of("WARN refused 015177771234", "DEBUG code=482913 sent", "DEBUG typed 000111", "DEBUG typed. 000111",
                "DEBUG code.000111",
                "DEBUG Authorization: " + FakeSipgate.TOKEN)) {
            assertThatThrownBy(() -> LogScan.assertNoSecrets(List.of(log(MARKER, leak)))).as(leak)
                .isInstanceOf(AssertionError.class).hasMessageContaining("secret");
        }
    }

    @Test
    @DisplayName("an empty or filtered log cannot pass")
    void needsTheExtensionsLines() throws IOException {
        assertThatThrownBy(() -> LogScan.assertNoSecrets(List.of(log("INFO Keycloak started")))).isInstanceOf(AssertionError.class);
    }

    private Path log(String... lines) throws IOException {
        Path file = Files.createTempFile(dir, "server", ".log");
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }
}
