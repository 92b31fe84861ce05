package io.github.sipgatesms.keycloak.sms.sipgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.sipgatesms.keycloak.sms.SmsRateLimitedException;
import io.github.sipgatesms.keycloak.sms.SmsSendException;
import io.github.sipgatesms.keycloak.sms.SmsSendException.Reason;
import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;

@DisplayName("sipgate client against a local sipgate")
class SipgateSmsSenderTest {

    private static final String RECIPIENT = "+4915123456789";
    private static final OpenApiInteractionValidator OPENAPI =
        OpenApiInteractionValidator.createForSpecificationUrl("sipgate/openapi-sms.yaml").build();

    private static FakeSipgate sipgate;
    private static CloseableHttpClient http;
    private static ScheduledExecutorService timer;

    @BeforeAll
    static void start() {
        sipgate = FakeSipgate.start();
        http = HttpClients.createDefault();
        timer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stop() throws Exception {
        sipgate.close();
        http.close();
        timer.shutdownNow();
    }

    @AfterEach
    void clear() {
        sipgate.clear();
    }

    private static SipgateSmsSender sender(String tokenId, String token, String smsId, SipgateSmsSender.Timeouts timeouts) {
        return new SipgateSmsSender(http, 100_000, timer, new SipgateEndpoint(sipgate.baseUrl(), tokenId, token, smsId), timeouts);
    }

    private static SipgateSmsSender sender() {
        return sender(FakeSipgate.TOKEN_ID, FakeSipgate.TOKEN, FakeSipgate.SMS_ID, SipgateSmsSender.Timeouts.DEFAULT);
    }

    @Nested
    @DisplayName("given valid credentials, then")
    class Accepted {

        @Test
        @DisplayName("it POSTs /v2/sessions/sms with Basic auth and exactly {smsId, recipient, message}")
        void sendsTheDocumentedRequest() throws Exception {
            String message = "Demo: your code is 123456. It's \"valid\" for 5 min.\n\n@localhost #123456";
            sender().send(RECIPIENT, message);

            FakeSipgate.Request request = sipgate.requests().get(0);
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/v2/sessions/sms");
            assertThat(request.header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("token-ABC123:0f9e8d7c-6b5a-4c3d-9e8f-7a6b5c4d3e2f".getBytes(StandardCharsets.UTF_8)));
            assertThat(request.header("Content-Type")).startsWith("application/json");
            assertThat(request.header("Accept")).isEqualTo("application/json");
            JsonNode body = new ObjectMapper().readTree(request.body());
            assertThat(body.size()).isEqualTo(3);
            assertThat(body.get("smsId").asText()).isEqualTo("s0");
            assertThat(body.get("recipient").asText()).isEqualTo(RECIPIENT);
            assertThat(body.get("message").asText()).isEqualTo(message);
            assertThat(body.has("sendAt")).isFalse();
            assertThat(sipgate.sent()).hasSize(1);
        }

        @Test
        @DisplayName("the captured request is valid for sipgate's published API description")
        void matchesTheOpenApiDescription() throws Exception {
            sender().send(RECIPIENT, "Dein Code: 654321 – gültig 5 Minuten\n\n@example.org #654321");

            FakeSipgate.Request captured = sipgate.requests().get(0);
            Request request = SimpleRequest.Builder.post(captured.path().replaceFirst("^/v2", ""))
                .withHeader("Content-Type", captured.header("Content-Type"))
                .withHeader("Authorization", captured.header("Authorization"))
                .withBody(captured.body())
                .build();
            ValidationReport report = OPENAPI.validateRequest(request);
            assertThat(report.getMessages()).as(report.toString()).isEmpty();
            assertThat(new ObjectMapper().readTree(captured.body()).get("message").asText()).contains("gültig");
        }

        @Test
        @DisplayName("a body that breaks the published schema is caught by the validator (the oracle can fail)")
        void validatorRejectsWrongBodies() {
            Request request = SimpleRequest.Builder.post("/sessions/sms")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"smsId\":\"s0\",\"recipient\":42}")
                .build();
            assertThat(OPENAPI.validateRequest(request).hasErrors()).isTrue();
        }
    }

    @Nested
    @DisplayName("given sipgate refuses, then a typed error names the status and no secret")
    class Refused {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            "400, BAD_REQUEST",
            "402, INSUFFICIENT_BALANCE",
            "403, FORBIDDEN",
            "404, UNEXPECTED_STATUS",
            "500, SERVER_ERROR",
            "503, SERVER_ERROR"
        })
        void injectedStatus(int status, Reason reason) {
            sipgate.failWith(status);
            assertThatThrownBy(() -> sender().send(RECIPIENT, "code 123456"))
                .isInstanceOfSatisfying(SmsSendException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.getMessage()).contains(Integer.toString(status))
                        .doesNotContain(FakeSipgate.TOKEN).doesNotContain(RECIPIENT).doesNotContain("123456");
                });
        }

        @Test
        @DisplayName("wrong credentials: 401, credentials rejected")
        void wrongToken() {
            assertThatThrownBy(() -> sender(FakeSipgate.TOKEN_ID, "wrong-secret-value", "s0", SipgateSmsSender.Timeouts.DEFAULT)
                .send(RECIPIENT, "code 123456"))
                .isInstanceOfSatisfying(SmsSendException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CREDENTIALS_REJECTED);
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.getMessage()).doesNotContain("wrong-secret-value");
                });
            assertThat(sipgate.sent()).isEmpty();
        }

        @Test
        @DisplayName("unknown smsId: 403 from the fake's own check")
        void unknownSmsId() {
            assertThatThrownBy(() -> sender(FakeSipgate.TOKEN_ID, FakeSipgate.TOKEN, "s9", SipgateSmsSender.Timeouts.DEFAULT)
                .send(RECIPIENT, "code 123456"))
                .isInstanceOfSatisfying(SmsSendException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN));
        }

        @Test
        @DisplayName("429 is a rate-limit error carrying Retry-After")
        void rateLimited() {
            sipgate.failWith(429, "120");
            assertThatThrownBy(() -> sender().send(RECIPIENT, "code 123456"))
                .isInstanceOfSatisfying(SmsRateLimitedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
                    assertThat(e.retryAfterSeconds()).isEqualTo(120);
                });
        }
    }

    @Nested
    @DisplayName("given sipgate is slow or hangs, then")
    class Slow {

        @Test
        @DisplayName("a hung sipgate is abandoned at the socket timeout, as a TIMEOUT, and called once (never sent again)")
        void hangHitsSocketTimeout() {
            sipgate.hang();
            long start = System.nanoTime();
            assertThatThrownBy(() -> sender(FakeSipgate.TOKEN_ID, FakeSipgate.TOKEN, "s0",
                new SipgateSmsSender.Timeouts(1_000, 700, 1_000, 5_000)).send(RECIPIENT, "code 123456"))
                .isInstanceOfSatisfying(SmsSendException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3_000));
            assertThat(sipgate.awaitRequests(1)).as("sent once, never again (it may have gone out)").hasSize(1);
        }

        @Test
        @DisplayName("the overall deadline cuts a request short even when the socket timeout is longer, and sipgate is called once")
        void deadlineAbortsBeforeSocketTimeout() {
            sipgate.hang();
            long start = System.nanoTime();
            assertThatThrownBy(() -> sender(FakeSipgate.TOKEN_ID, FakeSipgate.TOKEN, "s0",
                new SipgateSmsSender.Timeouts(1_000, 30_000, 1_000, 800)).send(RECIPIENT, "code 123456"))
                .isInstanceOfSatisfying(SmsSendException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
                    assertThat(e.getMessage()).contains("deadline");
                });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3_000));
            assertThat(sipgate.awaitRequests(1)).as("sent once, never again (it may have gone out)").hasSize(1);
        }

        @Test
        @DisplayName("the default timeouts release a hung request within 10 seconds, after one call to sipgate")
        void defaultsReleaseWithinTenSeconds() {
            sipgate.hang();
            long start = System.nanoTime();
            assertThatThrownBy(() -> sender().send(RECIPIENT, "code 123456")).isInstanceOf(SmsSendException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(sipgate.awaitRequests(1)).as("sent once, never again (it may have gone out)").hasSize(1);
        }

        @Test
        @DisplayName("a slow but successful answer within the limits is accepted")
        void slowButInTime() throws Exception {
            sipgate.delay(Duration.ofMillis(300));
            sender().send(RECIPIENT, "code 123456");
            assertThat(sipgate.sent()).hasSize(1);
            assertThat(sipgate.requests()).as("one request").hasSize(1);
        }

        @Test
        @DisplayName("nothing listening: a NETWORK error, quickly")
        void nobodyListening() {
            SipgateSmsSender closed = new SipgateSmsSender(http, 100_000, timer,
                new SipgateEndpoint("http://127.0.0.1:9", FakeSipgate.TOKEN_ID, FakeSipgate.TOKEN, "s0"), SipgateSmsSender.Timeouts.DEFAULT);
            assertThatThrownBy(() -> closed.send(RECIPIENT, "code 123456"))
                .isInstanceOfSatisfying(SmsSendException.class, e -> assertThat(e.reason()).isIn(Reason.NETWORK, Reason.TIMEOUT));
        }
    }
}
