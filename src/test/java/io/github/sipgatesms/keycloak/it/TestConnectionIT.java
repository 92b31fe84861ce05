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
    @DisplayName("the server's credentials work and smsId s0 exists; only GET requests reach sipgate, no SMS")
    void serverCredentials() throws Exception {
        JsonNode answer = check();
        assertThat(answer.get("tokenWorks").asBoolean()).isTrue();
        assertThat(answer.get("smsIdExists").asBoolean()).isTrue();
        assertThat(answer.get("credentials").asText()).isEqualTo("server-wide options");
        assertThat(sipgate.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
        assertThat(sipgate.sent()).isEmpty();
    }

    @Test
    @DisplayName("without scope sms:read: 'token works, smsId not verifiable'")
    void withoutSmsRead() throws Exception {
        sipgate.smsRead(false);
        JsonNode answer = check();
        assertThat(answer.get("tokenWorks").asBoolean()).isTrue();
        assertThat(answer.get("smsIdVerified").asBoolean()).isFalse();
        assertThat(answer.get("message").asText()).contains("token works, smsId not verifiable");
    }

    @Test
    @DisplayName("the realm policy's wrong token is reported as rejected (401)")
    void wrongToken() throws Exception {
        policy(Map.of("sipgateTokenId", "token-WRONG1", "sipgateToken", "not-the-token", "sipgateBaseUrl", sipgate.baseUrl()));
        JsonNode answer = check();
        assertThat(answer.get("tokenWorks").asBoolean()).isFalse();
        assertThat(answer.get("status").asInt()).isEqualTo(401);
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
