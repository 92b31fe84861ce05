package io.github.sipgatesms.keycloak.it.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a Chromium-family browser and its driver are installed. An explicit setting wins
 * ({@code kc.test.browser.driver} / {@code KC_TEST_BROWSER_DRIVER} / {@code CHROMEWEBDRIVER} for the driver,
 * {@code kc.test.browser.binary} / {@code KC_TEST_BROWSER_BINARY} for the browser); otherwise the {@code PATH}, then
 * the places packages put them (Debian/Ubuntu, Fedora, Homebrew, macOS applications).
 */
public final class Browsers {

    private static final List<String> DRIVER_NAMES = List.of("chromedriver", "chromium.chromedriver");
    private static final List<String> BROWSER_NAMES = List.of("chromium", "chromium-browser", "google-chrome",
        "google-chrome-stable", "chrome");
    private static final List<String> DRIVER_PLACES = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver",
        "/usr/lib/chromium-browser/chromedriver", "/usr/lib64/chromium-browser/chromedriver", "/snap/bin/chromium.chromedriver",
        "/opt/homebrew/bin/chromedriver", "/usr/local/bin/chromedriver");
    private static final List<String> BROWSER_PLACES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome", "/snap/bin/chromium", "/opt/google/chrome/chrome",
        "/Applications/Chromium.app/Contents/MacOS/Chromium", "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome");

    /** What was found; an empty side is left to Selenium Manager. */
    public record Found(Optional<Path> browser, Optional<Path> driver) {
    }

    private Browsers() {
    }

    public static Found find(Map<String, String> env, Properties properties) {
        List<Path> path = new ArrayList<>();
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                path.add(Path.of(dir));
            }
        }
        Optional<Path> driver = explicit(properties.getProperty("kc.test.browser.driver"), env.get("KC_TEST_BROWSER_DRIVER"),
            env.get("CHROMEWEBDRIVER")).or(() -> search(path, DRIVER_NAMES, DRIVER_PLACES));
        Optional<Path> browser = explicit(properties.getProperty("kc.test.browser.binary"), env.get("KC_TEST_BROWSER_BINARY"))
            .or(() -> search(path, BROWSER_NAMES, BROWSER_PLACES));
        return new Found(browser, driver);
    }

    private static Optional<Path> explicit(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return Optional.of(Path.of(value));
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> search(List<Path> path, List<String> names, List<String> places) {
        for (Path dir : path) {
            for (String name : names) {
                Path candidate = dir.resolve(name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return places.stream().map(Path::of).filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }
}
