package io.github.sipgatesms.keycloak.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the browser and its driver (no browser started). */
class BrowsersTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("the PATH is searched before the usual places; a file that is not executable does not count")
    void searchesThePath() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path driver = executable(bin.resolve("chromedriver"));
        Path browser = executable(bin.resolve("chromium-browser"));
        Files.createFile(bin.resolve("chromium"));

        Browsers.Found found = Browsers.find(Map.of("PATH", "/nonexistent:" + bin), new Properties());
        assertThat(found.driver()).contains(driver);
        assertThat(found.browser()).contains(browser);
    }

    @Test
    @DisplayName("an explicit driver or browser wins over the PATH")
    void explicitWins() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        executable(bin.resolve("chromedriver"));
        Properties properties = new Properties();
        properties.setProperty("kc.test.browser.driver", "/opt/mine/chromedriver");

        Browsers.Found found = Browsers.find(Map.of("PATH", bin.toString(), "KC_TEST_BROWSER_BINARY", "/opt/mine/chrome"), properties);
        assertThat(found.driver()).contains(Path.of("/opt/mine/chromedriver"));
        assertThat(found.browser()).contains(Path.of("/opt/mine/chrome"));
    }

    private static Path executable(Path file) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        return file;
    }
}
