package io.github.sipgatesms.keycloak.sms.sipgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import com.sun.net.httpserver.HttpServer;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.sipgatesms.keycloak.sms.SmsSendException;
import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;

/**
 * SECURITY.md 42: a sipgate base URL that answers with a redirect never bounces a request - Basic credentials included -
 * to the host it names. The client here follows redirects (Apache's default, Keycloak's with its deprecated
 * {@code allow-redirects} option): each request must refuse to by itself.
 */
@DisplayName("requests to sipgate follow no redirect")
class NoRedirectTest {

    private final List<String> reached = new CopyOnWriteArrayList<>();
    private HttpServer elsewhere;
    private HttpServer bouncer;
    private CloseableHttpClient http;
    private ScheduledExecutorService timer;

    @BeforeEach
    void servers() throws IOException {
        elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        elsewhere.createContext("/", exchange -> {
            reached.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        elsewhere.start();
        bouncer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        bouncer.start();
        http = HttpClients.createDefault();
        timer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() throws IOException {
        http.close();
        timer.shutdownNow();
        elsewhere.stop(0);
        bouncer.stop(0);
    }

    private String bounceWith(int status) {
        String to = "http://" + elsewhere.getAddress().getHostString() + ":" + elsewhere.getAddress().getPort() + "/internal";
        bouncer.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Location", to);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        return "http://" + bouncer.getAddress().getHostString() + ":" + bouncer.getAddress().getPort() + "/v2";
    }

    private static SipgateEndpoint endpoint(String baseUrl) {
        return new SipgateEndpoint(baseUrl, FakeSipgate.TOKEN_ID, FakeSipgate.TOKEN, FakeSipgate.SMS_ID);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {301, 302, 303, 307, 308})
    @DisplayName("the SMS send: the redirect is an error that says to fix sipgateBaseUrl; the other host gets nothing")
    void sendFollowsNoRedirect(int status) {
        SipgateSmsSender sender = new SipgateSmsSender(http, 100_000, timer, endpoint(bounceWith(status)), SipgateSmsSender.Timeouts.DEFAULT);
        assertThatThrownBy(() -> sender.send("+4915123456789", "code 123456")).isInstanceOfSatisfying(SmsSendException.class, e -> {
            assertThat(e.reason()).isEqualTo(SmsSendException.Reason.UNEXPECTED_STATUS);
            assertThat(e.getMessage()).contains("redirect").contains("sipgateBaseUrl");
        });
        assertThat(reached).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {301, 302, 303, 307, 308})
    @DisplayName("the connection test: the redirect is an answer of its own; the other host gets nothing")
    void connectionTestFollowsNoRedirect(int status) {
        SipgateAccountCheck.Result result = new SipgateAccountCheck(http, 100_000, timer, SipgateSmsSender.Timeouts.DEFAULT)
            .check(endpoint(bounceWith(status)));
        assertThat(result.reach()).isEqualTo(SipgateAccountCheck.Reach.OTHER_ANSWER);
        assertThat(result.statusClass()).isEqualTo("3xx");
        assertThat(reached).isEmpty();
    }
}
