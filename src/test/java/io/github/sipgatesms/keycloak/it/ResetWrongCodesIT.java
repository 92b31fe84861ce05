package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;

/**
 * A user locked by the 100-wrong-codes bound gets SMS again after an administrator's reset: through the extension's
 * endpoint (manage-users needed), or through Keycloak's own "unlock user" when the realm's brute-force detection is on.
 */
@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("an administrator lifts one user's wrong-code bound, on a real server")
class ResetWrongCodesIT extends SmsBrowserTest {

    @InjectRealm(config = SmsRealmConfig.class)
    ManagedRealm realm;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @BeforeEach
    void tenAttemptsPerCode() {
        policy(Map.of("maxAttempts", String.valueOf(WRONG_PER_CODE + 1)));
    }

    /** A new user with the bound reached: 100 wrong codes over two logins (12 SMS). */
    private String lockedUser(String username, String number) {
        String userId = newUser(username, number);
        FormLogin first = new FormLogin();
        wrongCodes(first, first.toCodePage(oauth, username, PASSWORD), number, 50);
        FormLogin second = new FormLogin();
        wrongCodes(second, second.toCodePage(oauth, username, PASSWORD), number, 50);
        assertThat(sipgate.sentTo(number)).hasSize(12);
        assertStillLocked(username, number);
        return userId;
    }

    /** A new login reaches the code page, but no SMS goes out. */
    private void assertStillLocked(String username, String number) {
        int sent = sipgate.sentTo(number).size();
        FormLogin.Page page = new FormLogin().toCodePage(oauth, username, PASSWORD);
        assertThat(page.isCodePage()).isTrue();
        assertThat(sipgate.sentTo(number)).as("no SMS while the bound holds").hasSize(sent);
    }

    /** A new login gets an SMS and logs in with its code. */
    private void assertLogsIn(String username, String number) {
        int sent = sipgate.sentTo(number).size();
        FormLogin login = new FormLogin();
        FormLogin.Page page = login.toCodePage(oauth, username, PASSWORD);
        assertThat(sipgate.sentTo(number)).as("an SMS after the reset").hasSize(sent + 1);
        assertThat(login.submitCode(page, sipgate.lastTo(number).orElseThrow().code()).loggedIn()).isTrue();
    }

    /** A user of this realm holding the given realm-management roles; returns its id. */
    private String realmAdmin(String username, String... roles) {
        String id = newUser(username, null);
        String managementId = realm.admin().clients().findByClientId("realm-management").get(0).getId();
        ClientResource management = realm.admin().clients().get(managementId);
        List<RoleRepresentation> granted = Stream.of(roles).map(role -> management.roles().get(role).toRepresentation()).toList();
        realm.admin().users().get(id).roles().clientLevel(managementId).add(granted);
        return id;
    }

    private int reset(String username, String userId) throws Exception {
        String token = oauth.doPasswordGrantRequest(username, PASSWORD).getAccessToken();
        assertThat(token).isNotBlank();
        String url = "http://localhost:8080/admin/realms/" + realm.getName() + "/sipgate-sms/wrong-code-bound/users/" + userId;
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
            .DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    @DisplayName("the endpoint: a realm admin without manage-users gets 403, one with it 204; the user gets an SMS and logs in")
    void endpoint() throws Exception {
        realm.updateWithCleanup(r -> r.update(rep -> rep.setAdminEventsEnabled(true)));
        String number = freshNumber();
        String userId = lockedUser("locked", number);
        realmAdmin("auditor", "view-users", "view-realm", "manage-realm");
        String helpdeskId = realmAdmin("helpdesk", "manage-users");

        assertThat(reset("auditor", userId)).as("realm admin without manage-users").isEqualTo(403);
        assertStillLocked("locked", number);
        assertThat(reset("helpdesk", "no-such-user")).isEqualTo(404);
        assertThat(reset("helpdesk", userId)).isEqualTo(204);
        assertLogsIn("locked", number);

        String path = "sipgate-sms/wrong-code-bound/users/" + userId;
        AdminEventRepresentation event = await("the admin event", () -> realm.admin().getAdminEvents().stream()
            .filter(e -> path.equals(e.getResourcePath())).findFirst());
        assertThat(event.getResourceType()).isEqualTo("USER");
        assertThat(event.getOperationType()).isEqualTo("ACTION");
        assertThat(event.getAuthDetails().getUserId()).isEqualTo(helpdeskId);
        String logLine = await("the log line", () -> serverLog().filter(l -> l.contains("reset the wrong-code bound")
            && l.contains(userId)).findFirst());
        assertThat(logLine).contains("administrator " + helpdeskId, "'" + realm.getName() + "'", "was reached")
            .doesNotContain(number.substring(3));
    }

    @Test
    @DisplayName("Keycloak's 'unlock user' (brute-force detection on) clears the bound too; the user gets an SMS and logs in")
    void keycloaksUnlock() {
        String number = freshNumber();
        String userId = lockedUser("unlocked", number);
        // detection on only now: while it counts 100 fast wrong codes (on several threads), Keycloak's protector now and
        // then locks the user for a moment, and a code refused then is not counted by the bound: noise for this test
        realm.updateWithCleanup(r -> r.bruteForceProtected(true).permanentLockout(false));
        FormLogin wrongPassword = new FormLogin();
        assertThat(wrongPassword.password(wrongPassword.open(oauth), "unlocked", "not-" + PASSWORD).isCodePage()).isFalse();
        // Keycloak announces an unlock only when it has login failures for the user (it counts them asynchronously)
        await("Keycloak's login failures", () -> Optional.of(realm.admin().attackDetection().bruteForceUserStatus(userId))
            .filter(status -> status.get("numFailures") instanceof Number n && n.intValue() > 0));

        realm.admin().attackDetection().clearBruteForceForUser(userId);
        assertLogsIn("unlocked", number);
        String logLine = await("the log line", () -> serverLog().filter(l -> l.contains("Keycloak's unlock") && l.contains(userId))
            .findFirst());
        assertThat(logLine).contains("was reached");
    }

    private static Stream<String> serverLog() {
        try {
            return Files.readAllLines(SmsServerConfig.LOG_FILE, StandardCharsets.UTF_8).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls until a value is there, at most 10 s (events are stored and the log is written asynchronously). */
    private static <T> T await(String what, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            sleep(200);
        }
        throw new AssertionError(what + " did not appear within 10 s");
    }
}
