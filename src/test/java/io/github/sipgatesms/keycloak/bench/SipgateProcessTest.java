package io.github.sipgatesms.keycloak.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;

/** The benchmark's fake sipgate in a process of its own: codes, markers, counters and the hang, over loopback. */
class SipgateProcessTest {

    private static final String NUMBER = "+4915123456789";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @DisplayName("a separate fake sipgate process accepts SMS as sipgate does and hands their codes to the harness")
    void codesTravelFromTheProcess() throws Exception {
        try (SipgateProcess sipgate = SipgateProcess.start(Path.of("target", "sipgate-process-test"))) {
            assertThat(sipgate.baseUrl()).startsWith("http://127.0.0.1:").endsWith("/v2");
            assertThat(sipgate.latest(NUMBER)).isNull();

            assertThat(send(sipgate, "Your code\n@localhost #123456")).isEqualTo(204);
            assertThat(sipgate.lastCode(NUMBER)).isEqualTo("123456");
            Object first = sipgate.latest(NUMBER);
            assertThat(first).isNotNull().isEqualTo(sipgate.latest(NUMBER));

            // phone sign-in: the harness waits for the next SMS, which arrives after it asked
            CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> sipgate.awaitOtherCode(NUMBER, first));
            Thread.sleep(200);
            assertThat(next).isNotDone();
            assertThat(send(sipgate, "Your code\n@localhost #654321")).isEqualTo(204);
            assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo("654321");
            assertThat(sipgate.latest(NUMBER)).isNotEqualTo(first);
            // a marker of an older SMS: the last one at once
            assertThat(sipgate.awaitOtherCode(NUMBER, first)).isEqualTo("654321");

            assertThat(sipgate.smsSent()).isEqualTo(2);
            assertThat(sipgate.postRequests()).isEqualTo(2);
            assertThat(sipgate.connectionsSeen()).isPositive();

            sipgate.hang();
            CompletableFuture<Integer> hanging = CompletableFuture.supplyAsync(() -> send(sipgate, "Your code\n@localhost #000000"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (sipgate.postRequests() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(sipgate.postRequests()).isEqualTo(3);
            assertThat(hanging).isNotDone();
            sipgate.reset();
            // a hung request is never answered (the sender gives up on it); the next one is
            assertThat(hanging).failsWithin(5, TimeUnit.SECONDS);
            assertThat(send(sipgate, "Your code\n@localhost #111111")).isEqualTo(204);

            sipgate.clear();
            assertThat(sipgate.smsSent()).isZero();
            assertThat(sipgate.postRequests()).isZero();
            assertThat(sipgate.lastCode(NUMBER)).as("the last SMS to a number outlives a clear").isEqualTo("111111");
        }
    }

    /** One SMS as Keycloak sends it to sipgate. */
    private int send(SipgateProcess sipgate, String message) {
        String auth = Base64.getEncoder().encodeToString((FakeSipgate.TOKEN_ID + ":" + FakeSipgate.TOKEN).getBytes(StandardCharsets.UTF_8));
        String body = "{\"smsId\":\"" + FakeSipgate.SMS_ID + "\",\"recipient\":\"" + NUMBER + "\",\"message\":\""
            + message.replace("\n", "\\n") + "\"}";
        try {
            return http.send(HttpRequest.newBuilder(URI.create(sipgate.baseUrl() + "/sessions/sms")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("Authorization", "Basic " + auth)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
