package io.github.sipgatesms.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The layout of docs/development.md ("Code map"), held against the code: the root package holds the SPI entry points
 * only, imports run one way (root, then {@code code/}, then {@code login/} and the services) and never back up, and the
 * classes of the upper layers stay small. A purpose is decided in {@code code/Purpose.java} alone.
 */
@DisplayName("layout: SPI entry points on top, one direction of imports, small classes, purpose decided in one place")
class LayoutTest {

    private static final Path MAIN = Path.of("src/main/java/io/github/sipgatesms/keycloak");
    private static final String PROJECT = "import io.github.sipgatesms.keycloak.";
    private static final List<String> SERVICES = List.of("config", "limits", "phone", "sms", "trust", "credential", "metrics");

    @Test
    @DisplayName("the root package holds at most 10 classes: the SPI entry points")
    void rootHoldsEntryPoints() {
        assertThat(files(MAIN, false)).hasSizeBetween(1, 10);
    }

    @Test
    @DisplayName("no class of code/, login/ or a service package imports the root package")
    void nothingImportsTheRoot() {
        Stream.concat(Stream.of("code", "login"), SERVICES.stream()).flatMap(pkg -> files(MAIN.resolve(pkg), true).stream())
            .forEach(file -> assertThat(imports(file)).as("%s", file).noneMatch(line -> line.matches("import io\\.github\\.sipgatesms\\.keycloak\\.[A-Z].*")));
    }

    @Test
    @DisplayName("login/ and the services never import code/; the services never import login/ (limits know buckets, not purposes)")
    void importsRunOneWay() {
        files(MAIN.resolve("login"), true).forEach(file -> assertThat(imports(file)).as("%s", file).noneMatch(l -> l.startsWith(PROJECT + "code.")));
        SERVICES.stream().flatMap(pkg -> files(MAIN.resolve(pkg), true).stream()).forEach(file -> assertThat(imports(file)).as("%s", file)
            .noneMatch(l -> l.startsWith(PROJECT + "code.") || l.startsWith(PROJECT + "login.")));
    }

    @Test
    @DisplayName("no class of the root, code/ or login/ exceeds 150 lines, and no SPI adapter 100")
    void upperLayersAreSmall() {
        Stream.of(files(MAIN, false), files(MAIN.resolve("code"), true), files(MAIN.resolve("login"), true)).flatMap(List::stream)
            .forEach(file -> assertThat(lines(file)).as("%s", file).hasSizeLessThanOrEqualTo(150));
        for (String adapter : List.of("SmsAuthenticator.java", "PhoneSignIn.java", "RegisterPhoneAction.java")) {
            assertThat(lines(MAIN.resolve(adapter))).as(adapter).hasSizeLessThanOrEqualTo(100);
        }
    }

    @Test
    @DisplayName("a purpose constant is compared with nowhere but where purposes are defined and chosen (Purpose, Codes)")
    void purposeDecidedInOnePlace() {
        files(MAIN, true).stream().filter(f -> !f.endsWith("Purpose.java") && !f.endsWith("Codes.java"))
            .forEach(file -> assertThat(String.join("\n", lines(file))).as("%s", file)
                .doesNotContainPattern("Purpose\\.(LOGIN|REGISTRATION|RESET|RESET_BY_SMS|SIGN_IN|SIGN_UP)\\b")
                .doesNotContainPattern("case (LOGIN|REGISTRATION|RESET|RESET_BY_SMS|SIGN_IN|SIGN_UP)\\b"));
    }

    private static List<Path> files(Path dir, boolean deep) {
        try (Stream<Path> files = deep ? Files.walk(dir) : Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> imports(Path file) {
        return lines(file).stream().filter(l -> l.startsWith("import ")).toList();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
