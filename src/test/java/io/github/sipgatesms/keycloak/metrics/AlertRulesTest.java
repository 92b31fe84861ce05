package io.github.sipgatesms.keycloak.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The shipped alert rules under Prometheus's own rule tester: {@code promtool test rules} runs
 * docs/operations/sipgate-sms-alerts.test.yml, which holds a firing and a quiet case for each rule, with series shaped
 * as Keycloak's /metrics shows them. promtool comes with Debian's {@code prometheus} package (.ci/run installs it, as
 * it installs Chromium for the browser tests).
 */
@DisplayName("the shipped alert rules fire and stay quiet as their tests say (promtool)")
class AlertRulesTest {

    private static final Path RULES = Path.of("docs/operations/sipgate-sms-alerts.yml");
    private static final Path TESTS = Path.of("docs/operations/sipgate-sms-alerts.test.yml");

    @Test
    @DisplayName("promtool test rules passes")
    void promtoolPasses() throws IOException, InterruptedException {
        Process promtool;
        try {
            promtool = new ProcessBuilder("promtool", "test", "rules", TESTS.getFileName().toString())
                .directory(TESTS.getParent().toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is needed to test the alert rules: apt-get install prometheus (Debian), or take "
                + "promtool from a Prometheus release; .ci/run installs it", e);
        }
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).as("promtool ends").isTrue();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    @Test
    @DisplayName("every rule has a test that fires it and one where it stays quiet")
    void everyRuleFiresAndStaysQuiet() throws IOException {
        Matcher rule = Pattern.compile("- alert: (\\w+)").matcher(Files.readString(RULES));
        String tests = Files.readString(TESTS);
        int rules = 0;
        while (rule.find()) {
            rules++;
            String name = rule.group(1);
            Matcher cases = Pattern.compile("alertname: " + name + "\\s+exp_alerts:(\\s*\\[\\])?").matcher(tests);
            boolean fires = false;
            boolean quiet = false;
            while (cases.find()) {
                if (cases.group(1) != null) {
                    quiet = true;
                } else {
                    fires = true;
                }
            }
            // a case that fires for one realm or node and names only it stays quiet for the others in its input
            quiet |= fires && Pattern.compile("# " + name + ":.*-> quiet").matcher(tests).find();
            assertThat(fires).as("a case where %s fires", name).isTrue();
            assertThat(quiet).as("a case where %s stays quiet", name).isTrue();
        }
        assertThat(rules).isEqualTo(6);
    }
}
