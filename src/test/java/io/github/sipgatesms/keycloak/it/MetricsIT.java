package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.InjectUser;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.ManagedUser;
import org.keycloak.testframework.server.KeycloakUrls;

import io.github.sipgatesms.keycloak.code.Purpose;
import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.Scrape;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;
import io.github.sipgatesms.keycloak.limits.Limit;

@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("the step's metrics on Keycloak's management /metrics (--metrics-enabled=true)")
class MetricsIT extends SmsBrowserTest {

    /** Label names the step's meters may carry (le: histogram buckets). Never a user, a number or a code. */
    private static final Set<String> LABELS = Set.of("realm", "purpose", "outcome", "limit", "encoding", "result", "answer", "le");

    /** A realm of its own: its hourly budget counts only this test's SMS, whatever ran before. */
    @InjectRealm(config = SmsRealmConfig.class, ref = "metrics")
    ManagedRealm realm;

    @InjectOAuthClient(ref = "metrics", realmRef = "metrics")
    OAuthClient metricsOauth;

    @InjectUser(config = SmsLoginIT.Alice.class, ref = "alice", realmRef = "metrics")
    ManagedUser alice;

    @InjectEvents(realmRef = "metrics")
    Events events;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @Override
    OAuthClient oauth() {
        return metricsOauth;
    }

    @Test
    @DisplayName("a trusted browser, a login, a refused resend, a wrong and a right code, a sipgate failure and a used-up realm budget: exact counts, no secret in a label")
    void countsTheSteps() throws IOException {
        String name = realm.getName();
        Scrape before = Scrape.of(urls.getMetric());
        policy(Map.of("maxSmsPerRealmPerHour", "4", "resendCooldownSeconds", "30", "trustBrowserDays", "30"));
        List<String> secrets = new ArrayList<>(List.of(alice.getId(), "23456789"));

        // erin: SMS 1 of 4, a right code with "trust" checked, then a login on that browser without an SMS
        String erinNumber = freshNumber();
        secrets.add(newUser("metrics-erin", erinNumber));
        secrets.add(erinNumber.substring(erinNumber.length() - 8));
        FormLogin erin = new FormLogin();
        FormLogin.Page erinCode = erin.toCodePage(metricsOauth, "metrics-erin", PASSWORD);
        String erinsCode = sipgate.lastTo(erinNumber).orElseThrow().code();
        secrets.add(erinsCode);
        assertThat(erin.submitCode(erinCode, erinsCode, true).loggedIn()).isTrue();
        erin.keepOnly("SIPGATE_SMS_TRUST");
        assertThat(erin.toCodePage(metricsOauth, "metrics-erin", PASSWORD).loggedIn()).as("trusted browser").isTrue();

        // alice: SMS 2 of 4, a resend within the cooldown, a wrong code, the right one
        passwordStep("alice", "alice-pw");
        codePage.assertCurrent();
        String code = lastCode();
        secrets.add(code);
        codePage.resend();
        codePage.assertCurrent();
        codePage.submitCode(wrongCodeFor(code));
        codePage.assertCurrent();
        codePage.submitCode(code);
        assertThat(metricsOauth.parseLoginResponse().isSuccess()).isTrue();
        logout();

        // bob: SMS 3 of 4 fails at sipgate
        String bobNumber = freshNumber();
        secrets.add(newUser("metrics-bob", bobNumber));
        secrets.add(bobNumber.substring(bobNumber.length() - 8));
        sipgate.failWith(500);
        passwordStep("metrics-bob", PASSWORD);
        codePage.assertCurrent();
        assertThat(codePage.alert()).contains("could not be sent");
        sipgate.reset();
        logout();

        // carol: SMS 4 of 4 reaches 80 % of the budget (3 of 4 did not): one warning; dave: the budget is used up
        String carolNumber = freshNumber();
        String carol = newUser("metrics-carol", carolNumber);
        secrets.add(carol);
        secrets.add(carolNumber.substring(carolNumber.length() - 8));
        passwordStep("metrics-carol", PASSWORD);
        codePage.assertCurrent();
        secrets.add(sipgate.lastTo(carolNumber).orElseThrow().code());
        logout();
        String daveNumber = freshNumber();
        String dave = newUser("metrics-dave", daveNumber);
        secrets.add(dave);
        passwordStep("metrics-dave", PASSWORD);
        codePage.assertCurrent();
        assertThat(sipgate.lastTo(daveNumber)).isEmpty();

        Scrape after = Scrape.of(urls.getMetric());
        Map<String, String> login = Map.of("realm", name, "purpose", "login");
        assertThat(delta(before, after, "sipgate_sms_sent_total", login, "outcome", "sent")).isEqualTo(3);
        assertThat(delta(before, after, "sipgate_sms_sent_total", login, "outcome", "server_error")).isEqualTo(1);
        assertThat(delta(before, after, "sipgate_sms_refused_total", login, "limit", "user_cooldown")).isEqualTo(1);
        assertThat(delta(before, after, "sipgate_sms_refused_total", login, "limit", "realm_hourly")).isEqualTo(1);
        assertThat(delta(before, after, "sipgate_sms_codes_checked_total", login, "result", "wrong")).isEqualTo(1);
        assertThat(delta(before, after, "sipgate_sms_codes_checked_total", login, "result", "right")).isEqualTo(2);
        assertThat(delta(before, after, "sipgate_sms_segments_total", login, "encoding", "gsm7")).isEqualTo(3);
        assertThat(delta(before, after, "sipgate_sms_request_duration_seconds_count", login, "realm", name)).isEqualTo(4);
        assertThat(after.sum("sipgate_sms_trusted_logins_total", Map.of("realm", name))
            - before.sum("sipgate_sms_trusted_logins_total", Map.of("realm", name))).isEqualTo(1);
        assertThat(after.sum("sipgate_sms_realm_budget_used", Map.of("realm", name))).isEqualTo(4);
        assertThat(after.sum("sipgate_sms_realm_budget_limit", Map.of("realm", name))).isEqualTo(4);
        assertThat(after.sum("sipgate_sms_sends_in_flight", Map.of())).isZero();
        assertThat(after.sum("sipgate_sms_sends_max", Map.of())).isEqualTo(16);

        // the warning at 80 %: one event, on carol's SMS, saying how much of the budget is used
        List<EventRepresentation> carols = eventsOf(carol, e -> "sipgate_sms_realm_budget_warning".equals(e.getError()));
        assertThat(carols).filteredOn(e -> "sipgate_sms_realm_budget_warning".equals(e.getError()))
            .singleElement().satisfies(e -> assertThat(detail(e, "sipgate_sms_realm_budget")).isEqualTo("4/4"));
        assertThat(eventsOf(dave, e -> "sipgate_sms_limit".equals(e.getError())))
            .noneMatch(e -> "sipgate_sms_realm_budget_warning".equals(e.getError()));

        // the shipped dashboard and alert rules query series this server really exports
        Set<String> exported = new TreeSet<>();
        after.named("sipgate_sms_").forEach(sample -> exported.add(sample.name()));
        for (Path doc : List.of(Path.of("docs/operations/sipgate-sms-dashboard.json"), Path.of("docs/operations/sipgate-sms-alerts.yml"))) {
            Matcher metric = Pattern.compile("\\bsipgate_sms_[a-z_]+").matcher(Files.readString(doc));
            while (metric.find()) {
                assertThat(exported).as("series of %s", doc).contains(metric.group());
            }
        }

        assertSelectedValuesExist(after);

        assertThat(after.named("sipgate_sms_")).isNotEmpty()
            .allSatisfy(sample -> assertThat(sample.labels().keySet()).isSubsetOf(LABELS));
        assertThat(after.samples()).allSatisfy(sample -> assertThat(sample.labels().values())
            .allSatisfy(value -> assertThat(secrets).noneMatch(value::contains)));
    }

    /**
     * Every label value the shipped alert rules and dashboard select on ({@code outcome}, {@code result}, {@code purpose},
     * {@code limit}; with =, !=, =~ or !~) is one this scrape shows, or a purpose or limit the code names (a selector of
     * {@code outcome="accepted"}, a value never emitted, made the pumping alert impossible and the failure alert fire on
     * every SMS).
     */
    private static void assertSelectedValuesExist(Scrape scrape) throws IOException {
        Map<String, Set<String>> known = new HashMap<>();
        scrape.named("sipgate_sms_").forEach(sample -> sample.labels().forEach((key, value) ->
            known.computeIfAbsent(key, k -> new TreeSet<>()).add(value)));
        Arrays.stream(Purpose.values()).forEach(purpose -> known.computeIfAbsent("purpose", k -> new TreeSet<>()).add(purpose.tag()));
        Arrays.stream(Limit.values()).forEach(limit -> known.computeIfAbsent("limit", k -> new TreeSet<>()).add(limit.eventValue()));
        Pattern selector = Pattern.compile("\\b(outcome|result|purpose|limit)\\s*(?:=~|!~|!=|=)\\s*\\\\?\"([^\"\\\\]+)");
        int selected = 0;
        for (Path doc : List.of(Path.of("docs/operations/sipgate-sms-dashboard.json"), Path.of("docs/operations/sipgate-sms-alerts.yml"))) {
            Matcher matcher = selector.matcher(Files.readString(doc));
            while (matcher.find()) {
                for (String value : matcher.group(2).split("\\|")) {
                    selected++;
                    assertThat(known.getOrDefault(matcher.group(1), Set.of())).as("%s=\"%s\" in %s", matcher.group(1), value, doc).contains(value);
                }
            }
        }
        assertThat(selected).as("label values selected by the shipped rules and dashboard").isGreaterThan(5);
    }

    private static double delta(Scrape before, Scrape after, String name, Map<String, String> common, String key, String value) {
        Map<String, String> labels = new HashMap<>(common);
        labels.put(key, value);
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
