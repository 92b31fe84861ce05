package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.realm.ClientBuilder;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.UserBuilder;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.LogScan;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.cluster.ClusterNode;
import io.github.sipgatesms.keycloak.it.support.cluster.KeycloakCluster;
import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;
import io.github.sipgatesms.keycloak.testsupport.UsedSecrets;

/**
 * The SMS step in a two-node Keycloak cluster (one PostgreSQL, embedded Infinispan; see {@link KeycloakCluster}):
 * a login may move between nodes at any request, and a node may die between sending and entering the code. Each
 * test has its own realm; requests go to the node named in the test (one cookie jar per user, the form action of a
 * page rewritten to the other node where the test moves the login). The node-loss test runs last: it kills node 1.
 */
@DisplayName("the SMS step in a two-node cluster (shared database, embedded Infinispan)")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmsClusterIT {

    @RegisterExtension
    static final KeycloakCluster CLUSTER = new KeycloakCluster();

    private static final String PASSWORD = "Secret-pw-1";
    private static final String CLIENT = "cluster-app";
    /** The client's redirect URI: not below a node's URL, so a login ends at the redirect carrying the code. */
    private static final String REDIRECT = "http://localhost:1/callback";
    /** FormLogin follows redirects to either node (both on 127.0.0.1), never to the client. */
    private static final String NODES = "http://127.0.0.1:";
    private static final String TOO_MANY = "Too many codes were requested. Please try again in ";
    private static final AtomicInteger NUMBERS = new AtomicInteger();

    private final FakeSipgate sipgate = CLUSTER.sipgate();

    @AfterAll
    static void logsHoldNoSecret() {
        // both nodes' logs (DEBUG for the extension): no token, and none of the numbers and codes these tests used
        LogScan.assertNoSecrets(List.of(CLUSTER.node(1).log(), CLUSTER.node(2).log()));
    }

    @Test
    @Order(1)
    @DisplayName("a login started on node 1 (SMS sent there) is finished with the code on node 2")
    void codeEnteredOnOtherNode() {
        String realm = realm("handover", Map.of(), UnaryOperator.identity());
        String number = user(realm, "alice");

        FormLogin alice = new FormLogin(NODES);
        FormLogin.Page codePage = toCodePage(alice, 1, realm, "alice");
        assertThat(sipgate.sentTo(number)).as("SMS sent by node 1").hasSize(1);

        FormLogin.Page done = alice.submitCode(onNode(codePage, 2), sipgate.lastTo(number).orElseThrow().code());
        assertThat(done.loggedIn()).as("code entered on node 2: %s %s", done.status(), done.messages()).isTrue();
        assertThat(sipgate.sentTo(number)).as("no second SMS").hasSize(1);
    }

    @Test
    @Order(2)
    @DisplayName("a resend on node 2 inside the cooldown started on node 1 is refused, and so is a new login on node 2")
    void cooldownAcrossNodes() {
        String realm = realm("cooldown", Map.of("resendCooldownSeconds", "120"), UnaryOperator.identity());
        String number = user(realm, "bob");

        FormLogin bob = new FormLogin(NODES);
        FormLogin.Page codePage = toCodePage(bob, 1, realm, "bob");
        assertThat(sipgate.sentTo(number)).as("SMS sent by node 1").hasSize(1);

        FormLogin.Page resent = bob.resend(onNode(codePage, 2));
        assertThat(resent.isCodePage()).isTrue();
        assertThat(resent.messages()).as("resend on node 2").containsPattern("Please wait 1[0-2]\\d seconds");
        assertThat(sipgate.sentTo(number)).as("SMS after the resend on node 2").hasSize(1);

        FormLogin.Page again = toCodePage(new FormLogin(NODES), 2, realm, "bob");
        assertThat(again.messages()).as("new login on node 2").containsPattern("Please wait 1[0-2]\\d seconds");
        assertThat(sipgate.sentTo(number)).as("SMS after a new login on node 2").hasSize(1);
    }

    @Test
    @Order(3)
    @DisplayName("the per-user hourly cap counts the SMS sent by both nodes")
    void hourlyCapAcrossNodes() {
        String realm = realm("cap", Map.of("maxSmsPerUserPerHour", "2"), UnaryOperator.identity());
        String number = user(realm, "carol");

        assertThat(toCodePage(new FormLogin(NODES), 1, realm, "carol").messages()).doesNotContain(TOO_MANY);
        assertThat(toCodePage(new FormLogin(NODES), 2, realm, "carol").messages()).doesNotContain(TOO_MANY);
        assertThat(sipgate.sentTo(number)).as("one SMS from each node").hasSize(2);

        for (int node : new int[] {1, 2}) {
            FormLogin.Page refused = toCodePage(new FormLogin(NODES), node, realm, "carol");
            assertThat(refused.messages()).as("third login, on node %d", node).contains(TOO_MANY);
        }
        assertThat(sipgate.sentTo(number)).as("SMS after the cap of 2 was reached").hasSize(2);
    }

    @Test
    @Order(4)
    @DisplayName("a code used on node 1 cannot be used again on node 2 (replay of the same request)")
    void replayAcrossNodes() {
        String realm = realm("replay", Map.of(), UnaryOperator.identity());
        String number = user(realm, "dave");

        FormLogin dave = new FormLogin(NODES);
        FormLogin.Page codePage = toCodePage(dave, 1, realm, "dave");
        // someone who captured the login's cookies and form (before the code went in) replays it later
        FormLogin replayer = dave.copy();
        String code = sipgate.lastTo(number).orElseThrow().code();

        FormLogin.Page used = dave.submitCode(codePage, code);
        assertThat(used.loggedIn()).as("code used on node 1: %s %s", used.status(), used.messages()).isTrue();

        FormLogin.Page replayed = replayer.submitCode(onNode(codePage, 2), code);
        assertThat(replayed.loggedIn()).as("replay on node 2 logged in: %s %s", replayed.status(), replayed.location()).isFalse();
        assertThat(replayed.location() == null || !replayed.location().contains("code=")).as("no authorization code").isTrue();
        assertThat(sipgate.sentTo(number)).hasSize(1);
    }

    @Test
    @Order(5)
    @DisplayName("a brute-force lockout from wrong codes on node 1 also blocks node 2")
    void bruteForceLockoutAcrossNodes() {
        int failureFactor = 3;
        String realm = realm("bruteforce", Map.of("maxAttempts", "10"), r -> r.bruteForceProtected(true)
            .failureFactor(failureFactor).permanentLockout(false).maxDeltaTimeSeconds(3600)
            .update(rep -> {
                rep.setWaitIncrementSeconds(600);
                rep.setMaxFailureWaitSeconds(900);
                rep.setQuickLoginCheckMilliSeconds(1L);
                rep.setMinimumQuickLoginWaitSeconds(1);
            }));
        String number = user(realm, "erin");
        String userId = admin(realm).users().search("erin", true).get(0).getId();

        FormLogin erin = new FormLogin(NODES);
        FormLogin.Page codePage = toCodePage(erin, 1, realm, "erin");
        String code = sipgate.lastTo(number).orElseThrow().code();
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int failures = 1; failures <= failureFactor; failures++) {
            codePage = erin.submitCode(codePage, wrong);
            assertThat(codePage.isCodePage()).isTrue();
            assertThat(codePage.messages()).contains("Invalid code");
            awaitStatus(realm, userId, "numFailures", failures);
        }
        awaitStatus(realm, userId, "disabled", true);

        FormLogin.Page right = erin.submitCode(onNode(codePage, 2), code);
        assertThat(right.loggedIn()).as("right code on node 2 during the lockout").isFalse();
        assertThat(right.messages()).contains("Invalid code");

        FormLogin other = new FormLogin(NODES);
        FormLogin.Page password = other.password(other.get(authUrl(2, realm)), "erin", PASSWORD);
        assertThat(password.isCodePage()).as("new login on node 2 gets to the code page").isFalse();
        assertThat(sipgate.sentTo(number)).as("SMS while locked out").hasSize(1);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    @DisplayName("node 1 is killed (SIGKILL) between sending the code and its entry: node 2 finishes the login")
    void nodeLostMidLogin() {
        String realm = realm("nodeloss", Map.of(), UnaryOperator.identity());
        String number = user(realm, "frank");

        FormLogin frank = new FormLogin(NODES);
        FormLogin.Page codePage = toCodePage(frank, 1, realm, "frank");
        assertThat(sipgate.sentTo(number)).as("SMS sent by node 1").hasSize(1);

        CLUSTER.node(1).kill();
        assertThat(CLUSTER.node(1).alive()).isFalse();

        FormLogin.Page done = frank.submitCode(onNode(codePage, 2), sipgate.lastTo(number).orElseThrow().code());
        assertThat(done.loggedIn()).as("code entered on node 2 after node 1 died: %s %s", done.status(), done.messages()).isTrue();
        assertThat(sipgate.sentTo(number)).hasSize(1);
    }

    // ----------------------------------------------------------------------------------------------------------

    private static String authUrl(int node, String realm) {
        return CLUSTER.node(node).baseUrl() + "realms/" + realm + "/protocol/openid-connect/auth?response_type=code&scope=openid"
            + "&client_id=" + CLIENT + "&state=s&redirect_uri=" + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8);
    }

    /** Opens the login on {@code node} and passes the password step there. */
    private static FormLogin.Page toCodePage(FormLogin login, int node, String realm, String username) {
        FormLogin.Page loginPage = login.get(authUrl(node, realm));
        FormLogin.Page page = login.password(loginPage, username, PASSWORD);
        assertThat(page.isCodePage()).as("code page from node %d: %s", node, page.messages()).isTrue();
        return page;
    }

    /** The page as if node {@code node} had served it: its links and form actions point there. */
    private static FormLogin.Page onNode(FormLogin.Page page, int node) {
        String body = page.body();
        for (int other = 1; other <= 2; other++) {
            body = body.replace(CLUSTER.node(other).baseUrl(), CLUSTER.node(node).baseUrl());
        }
        assertThat(body).contains(CLUSTER.node(node).baseUrl());
        return new FormLogin.Page(page.status(), body, page.location());
    }

    private static RealmResource admin(String realm) {
        return CLUSTER.admin().realm(realm);
    }

    /** Creates a realm (on node 1) with the SMS step after the password, the execution config changed by {@code sms}. */
    private static String realm(String name, Map<String, String> sms, UnaryOperator<RealmBuilder> settings) {
        SmsRealmConfig config = new SmsRealmConfig() {
            @Override
            protected Map<String, String> smsConfig() {
                Map<String, String> all = super.smsConfig();
                all.putAll(sms);
                return all;
            }

            @Override
            protected RealmBuilder realmSettings(RealmBuilder realm) {
                return settings.apply(realm);
            }
        };
        RealmRepresentation rep = config.configure(RealmBuilder.create().name(name).enabled(true)
            .clients(ClientBuilder.create(CLIENT).publicClient().redirectUris(REDIRECT))).build();
        CLUSTER.admin().realms().create(rep);
        return name;
    }

    /** Creates a user with password {@link #PASSWORD} and a fresh mobile number; returns the number. */
    private static String user(String realm, String username) {
        String number = String.format("+49151%08d", 20_000_000 + NUMBERS.incrementAndGet());
        UsedSecrets.number(number);
        try (var response = admin(realm).users().create(UserBuilder.create(username).password(PASSWORD)
                .email(username + "@example.org").name(username, "Test").emailVerified(true)
                .attribute("phoneNumber", number).build())) {
            assertThat(response.getStatus()).as("user %s created", username).isEqualTo(201);
        }
        return number;
    }

    /** Polls the brute-force status (the protector counts asynchronously) until {@code key} has {@code expected}. */
    private static void awaitStatus(String realm, String userId, String key, Object expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Map<String, Object> status = Map.of();
        while (System.nanoTime() < deadline) {
            status = admin(realm).attackDetection().bruteForceUserStatus(userId);
            Object value = status.get(key);
            if (expected.equals(value) || (value instanceof Number n && expected instanceof Integer e && n.intValue() >= e)) {
                return;
            }
            ClusterNode.pause(100);
        }
        throw new AssertionError("brute-force status " + key + " did not become " + expected + ": " + status);
    }

}
