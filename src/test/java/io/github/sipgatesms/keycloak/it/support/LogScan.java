package io.github.sipgatesms.keycloak.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;
import io.github.sipgatesms.keycloak.testsupport.UsedSecrets;

/**
 * Searches server logs for what must never be there: the sipgate token (plain and as Basic credentials), every code
 * and every number the test JVM used ({@link UsedSecrets}, refused and failed ones included). Lines of the simulation
 * sender ({@code SIMULATION}) print codes by design and only on servers that allow simulation.
 */
public final class LogScan {

    private LogScan() {
    }

    /**
     * Asserts no log holds a secret; each log must exist and show lines of the extension with a masked number (DEBUG
     * "code SMS sent", WARN "not sent"), so an empty or filtered log cannot pass.
     */
    public static void assertNoSecrets(List<Path> logs) {
        assertThat(UsedSecrets.codes()).as("codes used by the tests").isNotEmpty();
        assertThat(UsedSecrets.numbers()).as("numbers used by the tests").isNotEmpty();
        List<Pattern> codes = UsedSecrets.codes().stream()
            // a code is a word of its own, not the fraction of a decimal number ("Bootstrap completed in 7.237000 seconds")
            .map(code -> Pattern.compile("(?<![0-9A-Za-z])(?<![0-9][.,])" + Pattern.quote(code) + "(?![0-9A-Za-z])")).toList();
        List<String> tokens = List.of(FakeSipgate.TOKEN, Base64.getEncoder()
            .encodeToString((FakeSipgate.TOKEN_ID + ":" + FakeSipgate.TOKEN).getBytes(StandardCharsets.UTF_8)));
        List<String> leaks = new ArrayList<>();
        for (Path log : logs) {
            List<String> lines = read(log);
            assertThat(lines).as("lines of the extension with a masked number in %s", log)
                .anyMatch(line -> line.contains("sipgate-sms:") && line.contains("••• •••"));
            for (String line : lines) {
                tokens.stream().filter(line::contains).findAny().ifPresent(t -> leaks.add(log + ": token: " + line));
                UsedSecrets.numbers().stream().filter(line::contains).findAny()
                    .ifPresent(n -> leaks.add(log + ": number " + n + ": " + line));
                if (!line.contains("SIMULATION")) {
                    codes.stream().filter(c -> c.matcher(line).find()).findAny()
                        .ifPresent(c -> leaks.add(log + ": code: " + line));
                }
            }
        }
        assertThat(leaks).as("log lines with a secret").isEmpty();
    }

    private static List<String> read(Path log) {
        assertThat(log).as("log file").exists();
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
