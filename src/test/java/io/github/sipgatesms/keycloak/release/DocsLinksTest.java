package io.github.sipgatesms.keycloak.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README and the docs as a reader follows them: every relative link names a file of the project and, with a
 * {@code #fragment}, a heading of that file as GitHub names its anchors; and the README stays short (issue 34: at most
 * 210 lines; test switches, ports and wall times live in docs/development.md). Links to other sites are not fetched.
 */
@DisplayName("docs: every relative link and anchor of the README and docs/ resolves; the README has at most 210 lines")
class DocsLinksTest {

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");

    private static List<Path> documents() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md"), Path.of("CHANGELOG.md"), Path.of("SECURITY.md")));
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    /** The lines outside code fences (a link or a heading inside a fence is an example, not a link). */
    private static List<String> prose(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(file)) {
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
            } else if (!fenced) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** GitHub's anchors of a file's headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
    static Set<String> anchors(Path file) throws IOException {
        Set<String> anchors = new TreeSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(file)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(1));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return anchors;
    }

    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    @Test
    @DisplayName("GitHub's anchor rule as implemented here: punctuation dropped, not replaced")
    void slugAsGitHub() {
        assertThat(slug("The factor protects itself (SECURITY.md 38-44)")).isEqualTo("the-factor-protects-itself-securitymd-38-44");
        assertThat(slug("`amr` and trusted browsers")).isEqualTo("amr-and-trusted-browsers");
    }

    @Test
    @DisplayName("every relative link names an existing file, and every #anchor a heading of it")
    void linksResolve() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : documents()) {
            for (String line : prose(file)) {
                Matcher link = LINK.matcher(line);
                while (link.find()) {
                    String target = link.group(1);
                    if (target.matches("^[a-z]+:.*")) {
                        continue;
                    }
                    int hash = target.indexOf('#');
                    String path = hash < 0 ? target : target.substring(0, hash);
                    Path resolved = path.isEmpty() ? file : file.toAbsolutePath().getParent().resolve(path).normalize();
                    if (!Files.exists(resolved)) {
                        broken.add(file + ": " + target + " (no such file)");
                    } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
                        broken.add(file + ": " + target + " (no such heading; there are " + anchors(resolved) + ")");
                    }
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    @DisplayName("the README has at most 210 lines")
    void readmeIsShort() throws IOException {
        assertThat(Files.readAllLines(Path.of("README.md"))).hasSizeLessThanOrEqualTo(210);
    }
}
