package io.github.sipgatesms.keycloak.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakUriInfo;
import org.keycloak.models.RealmModel;
import org.keycloak.urls.UrlType;

/**
 * The origin-bound line of the SMS names the host Keycloak is configured with (SECURITY.md 41): Keycloak's frontend URI,
 * which its hostname provider builds from the realm's frontend URL or the server's hostname; where neither is set, the
 * administrator is told once per realm and node.
 */
@DisplayName("the SMS's origin-bound host: Keycloak's frontend host, and one WARN where no hostname is configured")
class OriginHostTest {

    private final List<LogRecord> warnings = new ArrayList<>();
    private final Logger log = Logger.getLogger(SmsText.class.getName());
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord logRecord) {
            if (logRecord.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(logRecord);
            }
        }

        @Override
        public void flush() {
            // nothing buffered
        }

        @Override
        public void close() {
            // nothing held
        }
    };
    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);

    @BeforeEach
    void wire() {
        log.addHandler(handler);
        KeycloakContext context = mock(KeycloakContext.class);
        KeycloakUriInfo frontend = mock(KeycloakUriInfo.class);
        when(frontend.getBaseUri()).thenReturn(URI.create("https://id.example.org:8443/"));
        KeycloakUriInfo backend = mock(KeycloakUriInfo.class);
        when(backend.getBaseUri()).thenReturn(URI.create("http://keycloak-0.internal:8080/"));
        when(context.getUri(UrlType.FRONTEND)).thenReturn(frontend);
        when(context.getUri(UrlType.BACKEND)).thenReturn(backend);
        when(session.getContext()).thenReturn(context);
        when(realm.getName()).thenReturn("acme");
    }

    @AfterEach
    void unwire() {
        log.removeHandler(handler);
    }

    @Test
    @DisplayName("the realm's frontend URL is set: the frontend host, no WARN")
    void configured() {
        when(realm.getId()).thenReturn("realm-configured");
        when(realm.getAttribute("frontendUrl")).thenReturn("https://id.example.org:8443");
        assertThat(SmsText.originHost(session, realm)).isEqualTo("id.example.org");
        assertThat(warnings).isEmpty();
    }

    @Test
    @DisplayName("no hostname anywhere (development): the host the request named, and one WARN per realm saying to set --hostname")
    void notConfigured() {
        when(realm.getId()).thenReturn("realm-unconfigured");
        assertThat(SmsText.originHost(session, realm)).isEqualTo("id.example.org");
        assertThat(SmsText.originHost(session, realm)).isEqualTo("id.example.org");
        assertThat(warnings).singleElement().satisfies(w -> assertThat(w.getMessage() + String.valueOf(w.getParameters() == null ? ""
            : List.of(w.getParameters()))).contains("hostname"));
    }
}
