package io.github.sipgatesms.keycloak.sms.sipgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.vault.VaultStringSecret;
import org.keycloak.vault.VaultTranscriber;

import io.github.sipgatesms.keycloak.config.ServerOptions;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.sms.SmsSendException;

@DisplayName("sipgate credentials through the vault: a reference that resolves to nothing sends nothing")
class SipgateEndpointTest {

    private static final String REFERENCE = "${vault.sipgate-token}";

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final VaultTranscriber vault = mock(VaultTranscriber.class);

    SipgateEndpointTest() {
        when(session.vault()).thenReturn(vault);
    }

    private SmsConfig config() {
        return SmsConfig.of(Map.of("sipgateTokenId", "token-ABC123", "sipgateToken", REFERENCE), ServerOptions.NONE);
    }

    private void vaultHolds(Optional<String> value) {
        VaultStringSecret secret = mock(VaultStringSecret.class);
        when(secret.get()).thenReturn(value);
        when(vault.getStringSecret(REFERENCE)).thenReturn(secret);
    }

    @Test
    @DisplayName("a resolved vault value is the token")
    void resolved() throws Exception {
        vaultHolds(Optional.of("s3cr3t"));
        assertThat(SipgateEndpoint.resolve(session, config()).token()).isEqualTo("s3cr3t");
    }

    @Test
    @DisplayName("a blank, missing or unresolved vault value is never used as the token: a configuration error")
    void blankRefused() {
        for (Optional<String> value : List.of(Optional.of("  "), Optional.<String>empty(), Optional.of(REFERENCE))) {
            vaultHolds(value);
            assertThatThrownBy(() -> SipgateEndpoint.resolve(session, config())).as("%s", value)
                .isInstanceOfSatisfying(SmsSendException.class, e -> assertThat(e.reason()).isEqualTo(SmsSendException.Reason.CONFIGURATION));
        }
    }
}
