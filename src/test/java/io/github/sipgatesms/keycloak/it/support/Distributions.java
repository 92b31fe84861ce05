package io.github.sipgatesms.keycloak.it.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Unpacking a Keycloak dist zip and small file helpers shared by the suite's own server processes. */
public final class Distributions {

    private Distributions() {
    }

    /**
     * Unzips {@code dist} (keycloak-quarkus-dist-&lt;version&gt;.zip) into {@code root} once and returns its home
     * ({@code root/keycloak-<version>}); a marker file makes later calls reuse the unpacked copy.
     */
    public static Path install(Path dist, Path root) throws IOException {
        String name = dist.getFileName().toString().replace("keycloak-quarkus-dist-", "keycloak-").replace(".zip", "");
        Path home = root.resolve(name);
        Path done = root.resolve(name + ".unzipped");
        if (Files.exists(done)) {
            return home;
        }
        delete(home);
        Files.createDirectories(root);
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(dist))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        if (!Files.isDirectory(home)) {
            throw new IOException(dist + " did not unpack to " + home);
        }
        for (File script : home.resolve("bin").toFile().listFiles((d, n) -> n.endsWith(".sh"))) {
            script.setExecutable(true);
        }
        Files.writeString(done, dist.toString());
        return home;
    }

    /** Deletes a directory tree (nothing when it does not exist). */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The last {@code chars} characters of a text file, for error messages. */
    public static String tail(Path file, int chars) {
        try (InputStream in = Files.newInputStream(file)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.length() > chars ? text.substring(text.length() - chars) : text;
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Stops a started Keycloak and its child processes: SIGTERM, then SIGKILL after 30 s. Nothing when it is not running. */
    public static void stop(Process process) {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                tree.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
