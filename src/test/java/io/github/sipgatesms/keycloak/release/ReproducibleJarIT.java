package io.github.sipgatesms.keycloak.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A user can check a release against the source: a second, clean build of this commit (a copy of the project without
 * target/, built with {@code mvn -o -DskipTests package}) gives a jar with the same SHA-256 as the one this build
 * packaged ({@code project.build.outputTimestamp} in the pom).
 */
@DisplayName("two clean builds of the jar give the same SHA-256")
class ReproducibleJarIT {

    private static final Path JAR = Path.of("target", "keycloak-sipgate-sms.jar");

    @Test
    @DisplayName("a second build in a copy of the project: the same bytes")
    void sameBytes() throws IOException, InterruptedException, NoSuchAlgorithmException {
        assertThat(JAR).as("packaged by this build").exists();
        Path copy = Files.createTempDirectory(Path.of("target"), "reproducible-");
        copyProject(Path.of("."), copy);
        Process build = new ProcessBuilder("mvn", "-B", "-o", "-q", "-DskipTests", "package").directory(copy.toFile())
            .redirectErrorStream(true).start();
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(build.exitValue()).as(output).isZero();
        assertThat(sha256(copy.resolve(JAR))).as("SHA-256 of the second build").isEqualTo(sha256(JAR));
    }

    private static void copyProject(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.startsWith("./target") && !p.startsWith("./.git")
                && !p.startsWith("./node_modules")).toList();
        }
        for (Path file : files) {
            Path target = to.resolve(from.relativize(file).toString());
            Files.createDirectories(target.getParent());
            Files.copy(file, target);
        }
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            digest.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
