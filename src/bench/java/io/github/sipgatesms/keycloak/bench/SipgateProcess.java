package io.github.sipgatesms.keycloak.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The fake sipgate in a JVM of its own ({@link FakeSipgateProcess}), started with the harness's classpath and read
 * over its loopback control port: a code is one {@code GET /latest}, phone sign-in's code one {@code GET /await}
 * held open until the SMS arrives. The classpath goes to {@code java} in an argument file
 * ({@code fake-sipgate.args}): under {@code mvn exec:java} the classes are in the plugin's class loader, not in
 * {@code java.class.path}, and the test classpath is longer than one command-line argument may be.
 */
final class SipgateProcess implements BenchSipgate {

    private static final Pattern READY = Pattern.compile("ready sipgate=(\\S+) control=(\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String baseUrl;
    private final String control;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

    private SipgateProcess(Process process, String baseUrl, String control) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.control = control;
    }

    /** Starts the process (any free loopback ports), its errors logged to {@code workDir/fake-sipgate.log}. */
    static SipgateProcess start(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path args = workDir.resolve("fake-sipgate.args").toAbsolutePath();
        Files.writeString(args, "-cp " + quoted(String.join(File.pathSeparator, classpath())) + "\n");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "@" + args, FakeSipgateProcess.class.getName(), "0", "0")
            .redirectError(workDir.resolve("fake-sipgate.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        try {
            line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the fake sipgate process did not start; see " + workDir.resolve("fake-sipgate.log"), e);
        }
        Matcher ready = READY.matcher(line == null ? "" : line);
        if (!ready.matches()) {
            process.destroyForcibly();
            throw new IllegalStateException("the fake sipgate process said '" + line + "'; see " + workDir.resolve("fake-sipgate.log"));
        }
        return new SipgateProcess(process, ready.group(1), ready.group(2));
    }

    /** The harness's classpath: its class loaders' URLs (mvn exec:java), then java.class.path (a plain java launch). */
    static List<String> classpath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader loader = SipgateProcess.class.getClassLoader(); loader != null; loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    if ("file".equals(url.getProtocol())) {
                        try {
                            entries.add(Path.of(url.toURI()).toString());
                        } catch (URISyntaxException | IllegalArgumentException e) {
                            entries.add(url.getPath());
                        }
                    }
                }
            }
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        return List.copyOf(entries);
    }

    /** One argument of a java argument file: in double quotes, backslashes and quotes escaped. */
    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public String lastCode(String recipient) {
        JsonNode sms = get("/latest?to=" + encode(recipient));
        if (sms == null) {
            throw new IllegalStateException("no SMS");
        }
        return code(sms);
    }

    @Override
    public Object latest(String recipient) {
        JsonNode sms = get("/latest?to=" + encode(recipient));
        return sms == null ? null : sms.get("id").asLong();
    }

    @Override
    public String awaitOtherCode(String recipient, Object previous) {
        long after = previous == null ? 0 : (Long) previous;
        JsonNode sms = get("/await?to=" + encode(recipient) + "&after=" + after);
        if (sms == null) {
            throw new IllegalStateException("no SMS");
        }
        return code(sms);
    }

    @Override
    public void clear() {
        post("/clear");
    }

    @Override
    public long smsSent() {
        return get("/stats").get("sent").asLong();
    }

    @Override
    public int connectionsSeen() {
        return get("/stats").get("connections").asInt();
    }

    @Override
    public int postRequests() {
        return get("/stats").get("posts").asInt();
    }

    @Override
    public void hang() {
        post("/hang");
    }

    @Override
    public void reset() {
        post("/reset");
    }

    /** Closes the process's standard input, on which it ends; kills it if it has not within 5 s. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static String code(JsonNode sms) {
        JsonNode code = sms.get("code");
        if (code == null || code.isNull()) {
            throw new IllegalStateException("SMS has no origin-bound last line: " + sms.get("message"));
        }
        return code.asText();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The JSON of a GET, or null for 404. */
    private JsonNode get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(control + path)).GET());
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("fake sipgate " + path + " answered " + response.statusCode() + " " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void post(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(control + path))
            .POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 204) {
            throw new IllegalStateException("fake sipgate " + path + " answered " + response.statusCode() + " " + response.body());
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("fake sipgate process: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
