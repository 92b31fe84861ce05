package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.keycloak.util.JsonSerialization;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;

/**
 * The demo as the README starts it: {@code ./run.sh --metrics} (its own build, the distribution it downloads, the demo
 * realm it imports, simulation mode), on ports of its own beside the suite's server. Signs in as {@code demo} in
 * Chromium with the code from the SIMULATION line, then checks what the README and docs/claims.md promise.
 */
@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("./run.sh --metrics: the demo the README starts")
class DemoRunIT {

    private static final int HTTP_PORT = 8380;
    private static final int MANAGEMENT_PORT = 9380;
    private static final String BASE = "http://localhost:" + HTTP_PORT;
    private static final String CALLBACK = BASE + "/demo-app-callback";
    private static final Path LOG = Path.of("target", "demo-run.log");
    private static final Pattern CODE = Pattern.compile("SIMULATION .*#(\\d{6,10})");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Process demo;

    @InjectWebDriver
    ManagedWebDriver driver;

    @BeforeAll
    static void start() throws Exception {
        String version = System.getProperty("keycloak.server.version", "26.7.3");
        // a realm imported by an earlier ./run.sh is never imported again: start from the realm file as shipped
        deleteTree(Path.of("target", "run", "keycloak-" + version, "data", "h2"));
        ProcessBuilder run = new ProcessBuilder("bash", "run.sh", "--metrics").redirectErrorStream(true)
            .redirectOutput(LOG.toFile());
        Map<String, String> env = run.environment();
        env.keySet().removeIf(name -> name.startsWith("KC_") || name.startsWith("SIPGATE_"));
        env.put("KC_VERSION", version);
        env.put("KC_HTTP_PORT", Integer.toString(HTTP_PORT));
        env.put("KC_HTTP_MANAGEMENT_PORT", Integer.toString(MANAGEMENT_PORT));
        demo = run.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
        while (status(BASE + "/realms/demo") != 200) {
            assertThat(demo.isAlive()).as("./run.sh stopped:%n%s", tail()).isTrue();
            assertThat(System.nanoTime()).as("demo realm not served after 6 minutes:%n%s", tail()).isLessThan(deadline);
            Thread.sleep(1000);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (demo != null) {
            demo.descendants().forEach(ProcessHandle::destroy);
            demo.destroy();
            demo.waitFor(60, TimeUnit.SECONDS);
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    @DisplayName("demo signs in with the SIMULATION code (trust offered); demo-app's ID token and the docs' kcadm check say "
        + "verified; sipgate_sms_* is served on the management port")
    void demoShowsEveryFeature() throws Exception {
        assertThat(claimsCheck()).as("docs/claims.md's command before any code").contains("\"phone_number_verified\" : false");

        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
            .digest(Long.toString(System.nanoTime()).getBytes(StandardCharsets.UTF_8)));
        driver.driver().navigate().to(BASE + "/realms/demo/protocol/openid-connect/auth?client_id=demo-app&response_type=code"
            + "&scope=" + encode("openid phone") + "&redirect_uri=" + encode(CALLBACK) + "&state=s1&nonce=n1"
            + "&code_challenge=" + challenge(verifier) + "&code_challenge_method=S256");
        driver.findElement(By.id("username")).sendKeys("demo");
        driver.findElement(By.id("password")).sendKeys("demo");
        int before = codes().size();
        driver.findElement(By.id("kc-login")).click();
        wait(Duration.ofSeconds(20)).until(d -> !d.findElements(By.id("code")).isEmpty());
        assertThat(driver.driver().findElements(By.id("trust"))).as("the demo realm trusts browsers (trustBrowserDays 30)").hasSize(1);
        String code = wait(Duration.ofSeconds(20)).until(d -> codes().size() > before ? codes().get(codes().size() - 1) : null);
        driver.findElement(By.id("code")).sendKeys(code);
        driver.findElement(By.id("kc-login")).click();
        wait(Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().startsWith(CALLBACK));
        String authCode = query(driver.driver().getCurrentUrl(), "code");

        HttpResponse<String> token = HTTP.send(HttpRequest.newBuilder(URI.create(BASE + "/realms/demo/protocol/openid-connect/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=demo-app&code=" + authCode
                + "&redirect_uri=" + encode(CALLBACK) + "&code_verifier=" + verifier)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        String idToken = (String) JsonSerialization.readValue(token.body(), Map.class).get("id_token");
        Map<?, ?> claims = JsonSerialization.readValue(Base64.getUrlDecoder().decode(idToken.split("\\.")[1]), Map.class);
        assertThat(claims.get("phone_number")).isEqualTo("+4915155501234");
        assertThat(claims.get("phone_number_verified")).isEqualTo(Boolean.TRUE);

        assertThat(claimsCheck()).as("docs/claims.md's command after the code").contains("\"phone_number_verified\" : true")
            .contains("\"phone_number\" : \"+4915155501234\"");
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + MANAGEMENT_PORT + "/metrics"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).containsPattern("sipgate_sms_sent_total\\{[^}]*outcome=\"sent\"[^}]*realm=\"demo\"[^}]*\\} 1\\.0");
        driver.cookies().deleteAll();
    }

    /** Runs the block under {@code <!-- claims check -->} of docs/claims.md as written, on this demo's port. */
    private static String claimsCheck() throws IOException, InterruptedException {
        String doc = Files.readString(Path.of("docs", "claims.md"));
        Matcher block = Pattern.compile("<!-- claims check -->\\s*```bash\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(block.find()).as("docs/claims.md has the claims check").isTrue();
        Path output = Files.createTempFile("claims-check", ".txt");
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", "set -e\n" + block.group(1).replace("localhost:8080", "localhost:" + HTTP_PORT))
            .redirectErrorStream(true).redirectOutput(output.toFile());
        bash.environment().put("KC_VERSION", System.getProperty("keycloak.server.version", "26.7.3"));
        Process process = bash.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the claims check ends").isTrue();
        String printed = Files.readString(output);
        assertThat(process.exitValue()).as(printed).isZero();
        return printed;
    }

    private static List<String> codes() {
        try {
            return CODE.matcher(Files.readString(LOG)).results().map(m -> m.group(1)).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private WebDriverWait wait(Duration timeout) {
        return (WebDriverWait) new WebDriverWait(driver.driver(), timeout, Duration.ofMillis(100))
            .ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class);
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String tail() {
        try {
            List<String> lines = Files.readAllLines(LOG);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String challenge(String verifier) throws NoSuchAlgorithmException {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
            .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String query(String url, String name) {
        Matcher value = Pattern.compile("[?&]" + name + "=([^&#]+)").matcher(url);
        assertThat(value.find()).as(url).isTrue();
        return value.group(1);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
