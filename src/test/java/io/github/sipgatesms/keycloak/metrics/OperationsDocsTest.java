package io.github.sipgatesms.keycloak.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;


@DisplayName("docs/operations: the dashboard and the alert rules use only metrics the code registers, and the docs name them all")
class OperationsDocsTest {

    private static final Path DOCS = Path.of("docs");
    private static final Path DASHBOARD = DOCS.resolve("operations/sipgate-sms-dashboard.json");
    private static final Path ALERTS = DOCS.resolve("operations/sipgate-sms-alerts.yml");
    private static final Pattern METRIC = Pattern.compile("\\bsipgate_sms_[a-z_]+");

    /** Every series name the code exports, as Prometheus names it (counters _total; timers in seconds, with buckets). */
    private static Set<String> exported() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SmsMetrics metrics = new SmsMetrics(registry);
        RealmModel realm = mock(RealmModel.class);
        when(realm.getName()).thenReturn("r");
        metrics.sent(realm, "login", "sent");
        metrics.refused(realm, "login", "user_cooldown");
        metrics.segments(realm, "login", "gsm7", 1);
        metrics.checked(realm, "login", "right");
        metrics.requestDuration(realm, "login", 1);
        metrics.watchSends(() -> 0, 1);
        metrics.budget(realm, () -> 1, 1);
        metrics.trustedLogin(realm);
        metrics.passkeyNudge(realm, "shown");
        Set<String> names = new TreeSet<>();
        for (Meter meter : registry.getMeters()) {
            if (meter.getId().getName().endsWith(".histogram")) {
                // the simple registry's own gauge of an SLO histogram; Prometheus shows the buckets as _bucket
                continue;
            }
            String base = meter.getId().getName().replace('.', '_');
            if (meter instanceof Counter) {
                names.add(base + "_total");
            } else if (meter instanceof Timer) {
                List.of("_bucket", "_count", "_sum", "_max").forEach(suffix -> names.add(base + "_seconds" + suffix));
            } else {
                names.add(base);
            }
        }
        return names;
    }

    private static Set<String> metricsIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    @Test
    @DisplayName("the code exports 11 meters as 14 series names, all sipgate_sms_*")
    void exportedNames() {
        assertThat(exported()).hasSize(14).allMatch(name -> name.startsWith("sipgate_sms_"))
            .contains("sipgate_sms_sent_total", "sipgate_sms_request_duration_seconds_bucket", "sipgate_sms_realm_budget_used");
    }

    @Test
    @DisplayName("the Grafana dashboard parses, every panel queries Prometheus, and every metric it names is exported")
    void dashboard() {
        JsonNode dashboard = new JsonMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("uid").asString()).isEqualTo("sipgate-sms");
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets").size()).as("targets of panel %s", panel.path("title")).isPositive();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString();
                assertThat(metricsIn(expr)).as("metrics of panel %s: %s", panel.path("title"), expr).isNotEmpty();
                queries.add(expr);
            }
        }
        assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
        Set<String> used = metricsIn(String.join("\n", queries));
        assertThat(exported()).containsAll(used);
        assertThat(used).as("every meter has a panel").containsAll(exported().stream()
            .filter(name -> !name.endsWith("_max")).toList());
    }

    @Test
    @DisplayName("the alert rules parse, each has an expression, a severity and a summary, and every metric they name is exported")
    void alerts() {
        JsonNode rules = new YAMLMapper().readTree(ALERTS.toFile()).path("groups").get(0).path("rules");
        assertThat(rules.size()).isGreaterThanOrEqualTo(5);
        Set<String> used = new TreeSet<>();
        for (JsonNode rule : rules) {
            assertThat(rule.path("alert").asString()).startsWith("SipgateSms");
            assertThat(rule.path("labels").path("severity").asString()).isIn("warning", "critical");
            assertThat(rule.path("annotations").path("summary").asString()).isNotBlank();
            Set<String> metrics = metricsIn(rule.path("expr").asString());
            assertThat(metrics).as("metrics of %s", rule.path("alert")).isNotEmpty();
            used.addAll(metrics);
        }
        assertThat(exported()).containsAll(used);
        assertThat(used).contains("sipgate_sms_refused_total", "sipgate_sms_realm_budget_used", "sipgate_sms_request_duration_seconds_bucket");
    }

    @Test
    @DisplayName("docs/operations.md's table lists every exported metric and only those (a histogram once, without its suffixes)")
    void operationsDoc() throws IOException {
        Set<String> listed = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `(sipgate_sms_[a-z_]+)`").matcher(Files.readString(DOCS.resolve("operations.md")));
        while (row.find()) {
            listed.add(row.group(1));
        }
        Set<String> expected = new TreeSet<>();
        exported().forEach(name -> expected.add(name.replaceAll("_seconds_(bucket|count|sum|max)$", "_seconds")));
        assertThat(listed).isEqualTo(expected);
    }
}
