package io.github.sipgatesms.keycloak.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.config.MetricsOptions;
import org.keycloak.models.RealmModel;


/**
 * The step's meters in Keycloak's own Micrometer registry, served by the management interface's {@code /metrics} when
 * Keycloak runs with {@code --metrics-enabled=true}; otherwise {@link #OFF} registers nothing. Every meter is named
 * {@code sipgate.sms.*} (Prometheus: {@code sipgate_sms_*}) and tagged by realm name and purpose ({@code login},
 * {@code registration}) at most: never by user, number or code. Names and meanings: docs/operations.md.
 * <p>
 * The only state held here is what gauges need between scrapes on this node (the realm budget as of the realm's
 * last SMS here); limits themselves live in Keycloak's single-use store.
 */
public final class SmsMetrics {

    public static final SmsMetrics OFF = new SmsMetrics(null);

    public static final String SENT = "sipgate.sms.sent";
    public static final String REFUSED = "sipgate.sms.refused";
    public static final String SEGMENTS = "sipgate.sms.segments";
    public static final String CODES_CHECKED = "sipgate.sms.codes.checked";
    public static final String REQUEST_DURATION = "sipgate.sms.request.duration";
    public static final String SENDS_IN_FLIGHT = "sipgate.sms.sends.in.flight";
    public static final String SENDS_MAX = "sipgate.sms.sends.max";
    public static final String BUDGET_USED = "sipgate.sms.realm.budget.used";
    public static final String BUDGET_LIMIT = "sipgate.sms.realm.budget.limit";
    public static final String TRUSTED_LOGINS = "sipgate.sms.trusted.logins";
    public static final String PASSKEY_NUDGES = "sipgate.sms.passkey.nudges";

    /** Bucket bounds of the sipgate request duration: sipgate answers in about 100-500 ms; the deadline is 8 s. */
    private static final Duration[] DURATION_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(8)};
    private static final int HOUR = 3600;

    private final MeterRegistry registry;
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

    SmsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Keycloak's registry when the server runs with {@code --metrics-enabled=true}, else {@link #OFF}. */
    public static SmsMetrics from(Config.Scope config) {
        boolean enabled = config != null && config.root() != null
            && config.root().getBoolean(MetricsOptions.METRICS_ENABLED.getKey(), false);
        return enabled ? new SmsMetrics(Metrics.globalRegistry) : OFF;
    }

    public boolean enabled() {
        return registry != null;
    }

    /** One attempt to send an SMS, by outcome: {@code sent} or the failure reason its event names. */
    public void sent(RealmModel realm, String purpose, String outcome) {
        count(SENT, "SMS send attempts by outcome (sent, or why sipgate did not take it)", realm, purpose, "outcome", outcome, 1);
    }

    /** An SMS not sent because a limit or the user's number refused it. */
    public void refused(RealmModel realm, String purpose, String limit) {
        count(REFUSED, "SMS refused before sending, by limit", realm, purpose, "limit", limit, 1);
    }

    /** The segments sipgate bills for one accepted SMS, by encoding ({@code gsm7}, {@code ucs2}). */
    public void segments(RealmModel realm, String purpose, String encoding, int segments) {
        count(SEGMENTS, "SMS segments accepted by sipgate (cost = segments x price)", realm, purpose, "encoding", encoding, segments);
    }

    /** One entered code checked, by result ({@code right}, {@code wrong}, {@code expired}, {@code void}, {@code locked}). */
    public void checked(RealmModel realm, String purpose, String result) {
        count(CODES_CHECKED, "Entered codes checked, by result", realm, purpose, "result", result, 1);
    }

    /** A login that passed the step on a trusted browser: one SMS saved. */
    public void trustedLogin(RealmModel realm) {
        if (registry == null) {
            return;
        }
        Counter.builder(TRUSTED_LOGINS).description("Logins that skipped the SMS on a trusted browser (SMS saved)")
            .tag("realm", realm.getName()).register(registry).increment();
    }

    /** The passkey offer after an SMS login: {@code shown}, or the answer ({@code add}, {@code later}, {@code never}). */
    public void passkeyNudge(RealmModel realm, String answer) {
        if (registry != null) {
            Counter.builder(PASSKEY_NUDGES).description("Passkey offers after an SMS login, shown and answered")
                .tag("realm", realm.getName()).tag("answer", answer).register(registry).increment();
        }
    }

    /** The time one sipgate request took, whatever its outcome. */
    public void requestDuration(RealmModel realm, String purpose, long nanos) {
        if (registry == null) {
            return;
        }
        Timer.builder(REQUEST_DURATION).description("Duration of sipgate SMS requests")
            .tag("realm", realm.getName()).tag("purpose", purpose)
            .serviceLevelObjectives(DURATION_BUCKETS)
            .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Gauges of the node's sipgate requests in flight and its bound ({@code max-concurrent-sends}). */
    public void watchSends(IntSupplier inFlight, int max) {
        if (registry == null) {
            return;
        }
        // a strong reference: Micrometer holds a gauge's object weakly, and nothing else holds this supplier
        Gauge.builder(SENDS_IN_FLIGHT, inFlight, supplier -> supplier.getAsInt()).strongReference(true)
            .description("sipgate requests in flight on this node").register(registry);
        Gauge.builder(SENDS_MAX, () -> max).description("The node's bound of concurrent sipgate requests (max-concurrent-sends)")
            .register(registry);
    }

    /**
     * The realm's hourly budget as a granted SMS left it: SMS of the last hour (cluster-wide, from the store) and the
     * budget in force. Between SMS the gauge keeps that value, and falls to 0 an hour after the last one.
     */
    public void budget(RealmModel realm, LongSupplier used, int limit) {
        if (registry == null) {
            return; // without metrics the count is never made (about log2(limit) reads of the store)
        }
        Budget budget = budgets.computeIfAbsent(realm.getName(), name -> {
            Budget created = new Budget();
            Gauge.builder(BUDGET_USED, created, Budget::used).description("SMS of the realm's hourly budget used in the last hour")
                .tag("realm", name).register(registry);
            Gauge.builder(BUDGET_LIMIT, created, b -> b.limit).description("The realm's hourly SMS budget (maxSmsPerRealmPerHour)")
                .tag("realm", name).register(registry);
            return created;
        });
        budget.update(used.getAsLong(), limit, Time.currentTime());
    }

    private void count(String name, String description, RealmModel realm, String purpose, String key, String value, int amount) {
        if (registry == null) {
            return;
        }
        Counter.builder(name).description(description).tag("realm", realm.getName()).tag("purpose", purpose).tag(key, value)
            .register(registry).increment(amount);
    }

    /** The last known state of one realm's budget on this node. */
    private static final class Budget {
        private volatile long used;
        private volatile int limit;
        private volatile long at;

        synchronized void update(long used, int limit, long now) {
            this.used = used;
            this.limit = limit;
            this.at = now;
        }

        double used() {
            return Time.currentTime() - at >= HOUR ? 0 : used;
        }
    }
}
