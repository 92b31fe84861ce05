package io.github.sipgatesms.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** House rules a reviewer would otherwise check by hand (see .editorconfig and docs/development.md). */
class SourceStyleTest {

    private static final int MAX_MAIN_LINES = 200;
    /** A qualified class name outside an import or package line, e.g. {@code org.apache.http.params.HttpParams}. */
    private static final Pattern INLINE_QUALIFIED = Pattern.compile(
        "(?<![\\w.\"/])(?:java|javax|jakarta|org|com|io)\\.(?:[a-z0-9_]+\\.)+[A-Z]\\w*");
    /** A Selenium wait: its own, or the test framework's 5 s one. */
    private static final Pattern BROWSER_WAIT = Pattern.compile("new WebDriverWait\\(|\\.waiting\\(\\)\\.until\\(");
    private static final Comparator<String> IMPORT_ORDER = Comparator.comparingInt(SourceStyleTest::group)
        .thenComparing(i -> i.replace("static ", ""));

    @Test
    @DisplayName("no class in src/main is longer than about 200 lines")
    void mainClassesAreSmall() {
        assertThat(sources("src/main/java")).allSatisfy(file ->
            assertThat(lines(file)).as("%s", file).hasSizeLessThanOrEqualTo(MAX_MAIN_LINES));
    }

    @Test
    @DisplayName("src/main reads seconds from Keycloak's clock as Time.currentTime(): the one way every supported server has")
    void oneSecondsClock() {
        // Time.currentTimeSeconds() does not exist in keycloak-common 26.5.6 (NoSuchMethodError there); millis / 1000 is a second way
        Pattern other = Pattern.compile("Time\\.currentTimeSeconds\\(|currentTimeMillis\\(\\)\\s*/\\s*1000");
        List<String> found = new ArrayList<>();
        for (Path file : sources("src/main/java")) {
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (other.matcher(lines.get(i)).find()) {
                    found.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    @DisplayName("secrets are compared in constant time: codes and trust bindings with MessageDigest.isEqual, never equals()")
    void constantTimeCompare() {
        for (String name : List.of("io/github/sipgatesms/keycloak/code/OneTimeCode.java", "io/github/sipgatesms/keycloak/trust/TrustCookie.java")) {
            String source = String.join("\n", lines(Path.of("src/main/java", name)));
            assertThat(source).as(name).contains("MessageDigest.isEqual(").doesNotContain("Arrays.equals(")
                .doesNotContainPattern("(?i)(hash|binding|expected|presented|actual)\\w*\\.equals\\(");
        }
    }

    @Test
    @DisplayName("src/main names classes by import, never inline by their full name")
    void noInlineQualifiedNamesInMain() {
        List<String> found = new ArrayList<>();
        for (Path file : sources("src/main/java")) {
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (!line.startsWith("import ") && !line.startsWith("package ") && INLINE_QUALIFIED.matcher(line).find()) {
                    found.add(file + ":" + (i + 1) + ": " + line);
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    @DisplayName("every browser wait of the tests survives the page it reads being replaced (stale elements ignored)")
    void browserWaitsIgnoreStaleElements() {
        List<String> fragile = new ArrayList<>();
        for (Path file : sources("src/test/java")) {
            String text = String.join("\n", lines(file));
            Matcher wait = BROWSER_WAIT.matcher(text);
            while (wait.find()) {
                int end = text.indexOf(';', wait.end());
                String statement = text.substring(wait.start(), end < 0 ? text.length() : end);
                if (!statement.contains(".ignoring(") && !statement.contains("stalenessOf(")) {
                    fragile.add(file + ": " + statement.strip().replaceAll("\\s+", " "));
                }
            }
        }
        assertThat(fragile).as("use SmsBrowserTest.waitFor, or ignore StaleElementReferenceException").isEmpty();
    }

    @Test
    @DisplayName("imports are ordered one way: static, java, javax, jakarta, other libraries, then this project")
    void importsAreOrdered() {
        List<String> unordered = new ArrayList<>();
        for (Path file : Stream.concat(sources("src/main/java").stream(),
                Stream.concat(sources("src/test/java").stream(), sources("src/bench/java").stream())).toList()) {
            List<String> imports = lines(file).stream().filter(l -> l.startsWith("import "))
                .map(l -> l.substring("import ".length(), l.length() - 1)).toList();
            if (!imports.equals(imports.stream().sorted(IMPORT_ORDER).toList())) {
                unordered.add(file.toString());
            }
        }
        assertThat(unordered).isEmpty();
    }

    private static int group(String imported) {
        if (imported.startsWith("static ")) {
            return 0;
        }
        String[] order = {"java.", "javax.", "jakarta."};
        for (int i = 0; i < order.length; i++) {
            if (imported.startsWith(order[i])) {
                return i + 1;
            }
        }
        return imported.startsWith("io.github.sipgatesms.") ? 5 : 4;
    }

    private static List<Path> sources(String root) {
        Path dir = Path.of(root);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
