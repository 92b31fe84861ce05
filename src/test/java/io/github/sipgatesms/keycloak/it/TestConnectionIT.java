package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.github.sipgatesms.keycloak.it.support.ServerVersion;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;
import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;

@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("admin REST 'test connection' checks the sipgate credentials without sending an SMS")
class TestConnectionIT extends SmsBrowserTest {

    /** A host a realm administrator controls. */
    private static final FakeSipgate OTHER = FakeSipgate.start();
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectRealm(config = SmsRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @AfterEach
    void clearOther() {
        OTHER.clear();
    }

    @AfterAll
    static void stopOther() {
        OTHER.close();
    }

    private HttpResponse<String> call(String accessToken) throws Exception {
        String url = "http://localhost:8080/admin/realms/" + realm.getName() + "/sipgate-sms/test-connection";
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + accessToken).header("Accept", "application/json").GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode check() throws Exception {
        HttpResponse<String> response = call(admin.tokenManager().getAccessTokenString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(FakeSipgate.TOKEN);
        return JSON.readTree(response.body());
    }

    @Test
    @DisplayName("the server's credentials work and smsId s0 exists; the single-use store is sound (SECURITY.md 44); only GET "
        + "requests reach sipgate, no SMS")
    void serverCredentials() throws Exception {
        JsonNode answer = check();
        assertThat(answer.get("store").asText()).as("Keycloak %s's single-use store refuses a second putIfAbsent", ServerVersion.current())
            .isEqualTo("sound");
        assertThat(answer.get("tokenWorks").asBoolean()).isTrue();
        assertThat(answer.get("smsIdExists").asBoolean()).isTrue();
        assertThat(answer.get("credentials").asText()).isEqualTo("server-wide options");
        assertThat(sipgate.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
        assertThat(sipgate.sent()).isEmpty();
    }

    @Test
    @DisplayName("without scope sms:read: the credentials work, the smsId is not verified, and the answer names the scope")
    void withoutSmsRead() throws Exception {
        sipgate.smsRead(false);
        JsonNode answer = check();
        assertThat(answer.get("tokenWorks").asBoolean()).isTrue();
        assertThat(answer.get("smsIdVerified").asBoolean()).isFalse();
        assertThat(answer.get("message").asText()).contains("the credentials work").contains("sms:read");
        assertThat(answer.get("missingScopes").toString()).contains("sms:read");
    }

    @Test
    @DisplayName("a classic account and the verified caller id recipients see; a neo account (403 on classic-only endpoints) and 'sipgate'")
    void accountKindAndSender() throws Exception {
        sipgate.callerId("+4921198765432");
        JsonNode classic = check();
        assertThat(classic.get("account").asText()).isEqualTo("classic");
        assertThat(classic.get("sender").asText()).isEqualTo("+4921198765432");
        assertThat(classic.get("message").asText()).contains("recipients see the sender +4921198765432");

        sipgate.classic(false);
        sipgate.callerId(null);
        JsonNode neo = check();
        assertThat(neo.get("account").asText()).isEqualTo("neo");
        assertThat(neo.get("sender").asText()).isEqualTo("sipgate");
        assertThat(sipgate.sent()).isEmpty();
    }

    @Test
    @DisplayName("the answer names outcomes only: no status code, no exception class, no id from sipgate's answers")
    void noProbingOracle() throws Exception {
        String body = call(admin.tokenManager().getAccessTokenString()).body();
        assertThat(body).doesNotContain(FakeSipgate.USER_ID + "\"").doesNotContain("\"status\"").doesNotContain("smsIds")
            .doesNotContain("Exception");
        policy(Map.of("sipgateTokenId", "token-WRONG1", "sipgateToken", "not-the-token", "sipgateBaseUrl", "http://127.0.0.1:9"));
        JsonNode unreachable = check();
        assertThat(unreachable.get("result").asText()).isEqualTo("unreachable");
        assertThat(unreachable.toString()).doesNotContain("Exception").doesNotContain("Connect");
    }

    @Test
    @DisplayName("the realm policy's wrong token is reported as rejected (401)")
    void wrongToken() throws Exception {
        policy(Map.of("sipgateTokenId", "token-WRONG1", "sipgateToken", "not-the-token", "sipgateBaseUrl", sipgate.baseUrl()));
        JsonNode answer = check();
        assertThat(answer.get("tokenWorks").asBoolean()).isFalse();
        assertThat(answer.get("result").asText()).isEqualTo("credentials refused");
        assertThat(answer.get("credentials").asText()).isEqualTo("realm SMS policy");
    }

    @Test
    @DisplayName("the server's token never goes to a base URL the realm administrator set")
    void safetyRule() throws Exception {
        policy(Map.of("sipgateBaseUrl", OTHER.baseUrl()));
        JsonNode answer = check();
        assertThat(answer.get("tokenWorks").asBoolean()).isTrue();
        assertThat(OTHER.requests()).isEmpty();
        assertThat(answer.get("baseUrl").asText()).isEqualTo(sipgate.baseUrl());
    }

    @Test
    @DisplayName("a user without manage-realm is refused (403)")
    void needsManageRealm() throws Exception {
        newUser("plainuser", freshNumber());
        String userToken = oauth.doPasswordGrantRequest("plainuser", PASSWORD).getAccessToken();
        assertThat(userToken).isNotBlank();
        assertThat(call(userToken).statusCode()).isEqualTo(403);
        assertThat(sipgate.requests()).isEmpty();
    }
}
