package io.github.sipgatesms.keycloak.sms.sipgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.http.impl.client.CloseableHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.connections.httpclient.HttpClientBuilder;

import io.github.sipgatesms.keycloak.sms.SmsSendException;
import io.github.sipgatesms.keycloak.sms.SmsSendException.Reason;
import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;

/**
 * The sender on the HTTP client Keycloak builds for its HttpClientProvider (same builder, same pool
 * defaults as the server's DefaultHttpClientFactory), against sipgate stand-ins that count TCP connections.
 */
@DisplayName("sipgate requests on Keycloak's pooled HTTP client")
class SipgateConnectionTest {

    private static final String RECIPIENT = "+4915123456789";
    private static ScheduledExecutorService timer;
    private CloseableHttpClient http;

    @BeforeAll
    static void startTimer() {
        timer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stopTimer() {
        timer.shutdownNow();
    }

    @BeforeEach
    void keycloakClient() {
        // the settings of Keycloak's DefaultHttpClientFactory
        http = new HttpClientBuilder()
            .socketTimeout(5000, TimeUnit.MILLISECONDS)
            .establishConnectionTimeout(-1, TimeUnit.MILLISECONDS)
            .connectionRequestTimeout(-1, TimeUnit.MILLISECONDS)
            .maxPooledPerRoute(64)
            .connectionPoolSize(128)
            .connectionTTL(-1, TimeUnit.MILLISECONDS)
            .maxConnectionIdleTime(900_000, TimeUnit.MILLISECONDS)
            .reuseConnections(true)
            .build();
    }

    @AfterEach
    void closeClient() throws IOException {
        http.close();
    }

    private SipgateSmsSender sender(String baseUrl) {
        return sender(baseUrl, SipgateSmsSender.Timeouts.DEFAULT);
    }

    private SipgateSmsSender sender(String baseUrl, SipgateSmsSender.Timeouts timeouts) {
        return new SipgateSmsSender(http, 100_000, timer,
            new SipgateEndpoint(baseUrl, FakeSipgate.TOKEN_ID, FakeSipgate.TOKEN, FakeSipgate.SMS_ID), timeouts);
    }

    @Test
    @DisplayName("200 SMS one after the other use at most 2 TCP connections (keep-alive, the pool reuses them)")
    void sequentialSmsReuseConnections() throws Exception {
        try (FakeSipgate sipgate = FakeSipgate.start()) {
            SipgateSmsSender sender = sender(sipgate.baseUrl());
            for (int i = 0; i < 200; i++) {
                sender.send(RECIPIENT, "code " + (100_000 + i));
            }
            assertThat(sipgate.sent()).hasSize(200);
            assertThat(sipgate.connectionsSeen()).isBetween(1, 2);
        }
    }

    @Test
    @DisplayName("a pooled connection sipgate closed while idle is not reused: the next SMS goes out once, on a new connection")
    void connectionClosedWhileIdle() throws Exception {
        // sipgate answers with keep-alive and closes the connection 100 ms later; the pool validates a connection idle
        // for more than 2 s (Apache HttpClient's default validate-after-inactivity) and opens a new one
        try (RawSipgate sipgate = new RawSipgate(RawSipgate.Mode.CLOSE_WHEN_IDLE)) {
            SipgateSmsSender sender = sender(sipgate.baseUrl());
            sender.send(RECIPIENT, "code 111111");
            Thread.sleep(2_500);
            sender.send(RECIPIENT, "code 222222");
            assertThat(sipgate.requests()).as("each SMS was sent exactly once").isEqualTo(2);
            assertThat(sipgate.connections()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("a sipgate that drops the connection after reading the request is called once, not twice (it may have sent the SMS)")
    void droppedConnectionNotRetried() throws Exception {
        try (RawSipgate sipgate = new RawSipgate(RawSipgate.Mode.CLOSE_WITHOUT_ANSWER)) {
            SipgateSmsSender sender = sender(sipgate.baseUrl());
            assertThatThrownBy(() -> sender.send(RECIPIENT, "code 333333"))
                .isInstanceOfSatisfying(SmsSendException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NETWORK));
            assertThat(sipgate.requests()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("a keep-alive connection sipgate closes in the moment the next SMS arrives: that SMS fails once, never twice")
    void connectionClosedAsTheRequestArrives() throws Exception {
        try (RawSipgate sipgate = new RawSipgate(RawSipgate.Mode.CLOSE_ON_NEXT_REQUEST)) {
            SipgateSmsSender sender = sender(sipgate.baseUrl());
            sender.send(RECIPIENT, "code 111111");
            assertThatThrownBy(() -> sender.send(RECIPIENT, "code 222222")).isInstanceOf(SmsSendException.class);
            assertThat(sipgate.dropped()).isEqualTo(1);
            assertThat(sipgate.connections()).as("no second connection: nothing was sent again").isEqualTo(1);
        }
    }

    @Test
    @DisplayName("a late dropped connection ends within the overall deadline, as a timeout")
    void droppedLateWithinTheDeadline() throws Exception {
        // every connection is dropped without an answer 700 ms after the request arrived; the deadline is 600 ms
        try (RawSipgate sipgate = new RawSipgate(RawSipgate.Mode.CLOSE_WITHOUT_ANSWER_LATE)) {
            SipgateSmsSender sender = sender(sipgate.baseUrl(), new SipgateSmsSender.Timeouts(1_000, 5_000, 1_000, 600));
            long start = System.nanoTime();
            assertThatThrownBy(() -> sender.send(RECIPIENT, "code 888888"))
                .isInstanceOfSatisfying(SmsSendException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000);
            assertThat(sipgate.requests()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("a server error after the request arrived is never sent again (the SMS may have gone out)")
    void serverErrorNotRetried() throws Exception {
        try (FakeSipgate sipgate = FakeSipgate.start()) {
            sipgate.failWith(503);
            SipgateSmsSender sender = sender(sipgate.baseUrl());
            assertThatThrownBy(() -> sender.send(RECIPIENT, "code 444444")).isInstanceOf(SmsSendException.class);
            assertThat(sipgate.requests()).hasSize(1);
        }
    }


    /** A minimal HTTP/1.1 server on a raw socket, to misbehave at the connection level. */
    private static final class RawSipgate implements AutoCloseable {

        enum Mode { CLOSE_ON_NEXT_REQUEST, CLOSE_WHEN_IDLE, CLOSE_WITHOUT_ANSWER, CLOSE_WITHOUT_ANSWER_LATE }

        private final ServerSocket server;
        private final Mode mode;
        private final AtomicInteger requests = new AtomicInteger();
        private final AtomicInteger connections = new AtomicInteger();
        private final AtomicInteger dropped = new AtomicInteger();
        private final Thread acceptor;

        RawSipgate(Mode mode) throws IOException {
            this.mode = mode;
            this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            this.acceptor = new Thread(this::acceptLoop, "raw-sipgate");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/v2";
        }

        int requests() {
            return requests.get();
        }

        int connections() {
            return connections.get();
        }

        /** Requests that arrived on a connection sipgate then closed without reading or answering them. */
        int dropped() {
            return dropped.get();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    connections.incrementAndGet();
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                    int length = 0;
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    char[] body = new char[length];
                    for (int read = 0; read < length; ) {
                        int n = in.read(body, read, length - read);
                        if (n < 0) {
                            break;
                        }
                        read += n;
                    }
                    requests.incrementAndGet();
                    if (mode == Mode.CLOSE_WITHOUT_ANSWER_LATE) {
                        Thread.sleep(700);
                    }
                    if (mode == Mode.CLOSE_WHEN_IDLE) {
                        OutputStream out = socket.getOutputStream();
                        out.write("HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        Thread.sleep(100);
                    }
                    if (mode == Mode.CLOSE_ON_NEXT_REQUEST) {
                        OutputStream out = socket.getOutputStream();
                        out.write("HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        closeOnNextRequest(socket, in);
                    }
                } catch (IOException e) {
                    // closed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /**
         * Waits for the next request on the kept-alive connection, then closes the connection towards the client
         * without answering (FIN), and reads what the client still sends until it closes too (so no reset).
         */
        private void closeOnNextRequest(Socket socket, BufferedReader in) throws IOException {
            socket.setSoTimeout(10_000);
            if (in.read() < 0) {
                return;
            }
            dropped.incrementAndGet();
            socket.shutdownOutput();
            while (in.read() >= 0) {
                // drained
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
