package io.github.sipgatesms.keycloak.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.vault.VaultStringSecret;
import org.keycloak.vault.VaultTranscriber;

import io.github.sipgatesms.keycloak.config.ServerOptions;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.sms.SmsSendException.Reason;
import io.github.sipgatesms.keycloak.sms.sipgate.SipgateSmsSender;
import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;

@DisplayName("choice of sender and vault resolution")
class SmsSendersTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final CloseableHttpClient http = HttpClients.createDefault();
    private final FakeSipgate sipgate = FakeSipgate.start();
    private final KeycloakSession session = mock(KeycloakSession.class);
    private final VaultTranscriber vault = mock(VaultTranscriber.class);
    private final SmsSenders selector = new SmsSenders(timer, SipgateSmsSender.Timeouts.DEFAULT, 2);

    SmsSendersTest() {
        HttpClientProvider provider = mock(HttpClientProvider.class);
        when(provider.getHttpClient()).thenReturn(http);
        when(provider.getMaxConsumedResponseSize()).thenReturn(100_000L);
        when(session.getProvider(HttpClientProvider.class)).thenReturn(provider);
        when(session.vault()).thenReturn(vault);
    }

    @AfterEach
    void close() throws Exception {
        sipgate.close();
        http.close();
        timer.shutdownNow();
    }

    private SmsConfig config(String tokenId, String token) {
        return SmsConfig.of(Map.of("sipgateTokenId", tokenId, "sipgateToken", token, "sipgateBaseUrl", sipgate.baseUrl()),
            ServerOptions.NONE);
    }

    private static VaultStringSecret secret(String value) {
        VaultStringSecret secret = mock(VaultStringSecret.class);
        when(secret.get()).thenReturn(Optional.ofNullable(value));
        return secret;
    }

    @Test
    @DisplayName("vault references are resolved through session.vault() and the resolved token is sent")
    void vaultResolved() throws Exception {
        VaultStringSecret stored = secret(FakeSipgate.TOKEN);
        when(vault.getStringSecret("${vault.sipgate_token}")).thenReturn(stored);
        selector.select(session, config(FakeSipgate.TOKEN_ID, "${vault.sipgate_token}")).send("+4915123456789", "code 123456");
        assertThat(sipgate.sent()).hasSize(1);
    }

    @Test
    @DisplayName("a vault reference that does not resolve fails closed: no request reaches sipgate")
    void vaultMissing() {
        VaultStringSecret stored = secret(null);
        when(vault.getStringSecret("${vault.missing}")).thenReturn(stored);
        assertThatThrownBy(() -> selector.select(session, config(FakeSipgate.TOKEN_ID, "${vault.missing}")))
            .isInstanceOfSatisfying(SmsSendException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONFIGURATION));
        assertThat(sipgate.requests()).isEmpty();
    }

    @Test
    @DisplayName("a malformed vault reference (returned as a literal by Keycloak) fails closed too")
    void vaultMalformed() {
        VaultStringSecret stored = secret("${vault.}");
        when(vault.getStringSecret("${vault.}")).thenReturn(stored);
        assertThatThrownBy(() -> selector.select(session, config("${vault.}", FakeSipgate.TOKEN)))
            .isInstanceOf(SmsSendException.class);
    }

    @Test
    @DisplayName("literal credentials are used as they are, without asking the vault")
    void literal() throws Exception {
        selector.select(session, config(FakeSipgate.TOKEN_ID, FakeSipgate.TOKEN)).send("+4915123456789", "code 123456");
        assertThat(sipgate.sent()).hasSize(1);
        verify(session, never()).vault();
    }

    @Test
    @DisplayName("no credentials at all: a configuration error naming what to set")
    void noCredentials() {
        assertThatThrownBy(() -> selector.select(session, SmsConfig.of(Map.of(), ServerOptions.NONE)))
            .isInstanceOfSatisfying(SmsSendException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.CONFIGURATION);
                assertThat(e.getMessage()).contains("sipgateTokenId").contains("sipgate-token-id");
            });
    }

    @Test
    @DisplayName("simulation (allowed by the server) logs instead of sending")
    void simulation() throws Exception {
        SmsConfig config = SmsConfig.of(Map.of("simulation", "true"), new ServerOptions(Map.of("allowSimulation", "true")));
        SmsSender sender = selector.select(session, config);
        assertThat(sender).isInstanceOf(LoggingSmsSender.class);
        sender.send("+4915123456789", "code 123456");
        assertThat(sipgate.requests()).isEmpty();
    }

    @Test
    @DisplayName("the node's bound (max-concurrent-sends 2): a third sender while two requests hang is refused at once (BUSY), "
        + "nothing leaves; closing the senders gives the permits back")
    void sendBound() throws Exception {
        SmsConfig config = config(FakeSipgate.TOKEN_ID, FakeSipgate.TOKEN);
        sipgate.hang();
        List<CompletableFuture<?>> hanging = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            SmsSender sender = selector.select(session, config);
            hanging.add(CompletableFuture.runAsync(() -> {
                try (sender) {
                    sender.send("+4915123456789", "code 777777");
                } catch (SmsSendException e) {
                    // the hung requests end by reset() or by the deadline
                }
            }));
        }
        sipgate.awaitRequests(2);
        assertThat(sipgate.requests()).hasSize(2);
        assertThat(selector.availableSends()).isZero();

        long start = System.nanoTime();
        assertThatThrownBy(() -> selector.select(session, config))
            .isInstanceOfSatisfying(SmsSendException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BUSY));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(200);
        assertThat(sipgate.requests()).as("the refused SMS never left").hasSize(2);

        sipgate.reset();
        CompletableFuture.allOf(hanging.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
        assertThat(selector.availableSends()).isEqualTo(2);
        try (SmsSender sender = selector.select(session, config)) {
            sender.send("+4915123456789", "code 666666");
        }
        assertThat(sipgate.sentTo("+4915123456789")).isNotEmpty();
    }
}
