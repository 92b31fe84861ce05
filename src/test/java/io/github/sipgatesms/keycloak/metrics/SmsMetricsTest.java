package io.github.sipgatesms.keycloak.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.models.RealmModel;
import org.mockito.MockedStatic;

import io.github.sipgatesms.keycloak.testsupport.TestClock;

@DisplayName("the step's meters in Keycloak's Micrometer registry")
class SmsMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SmsMetrics metrics = new SmsMetrics(registry);
    private final RealmModel realm = realm("acme");

    @AfterEach
    void clearGlobal() {
        Metrics.globalRegistry.clear();
    }

    private static RealmModel realm(String name) {
        RealmModel realm = mock(RealmModel.class);
        when(realm.getName()).thenReturn(name);
        return realm;
    }

    private static Config.Scope config(Boolean metricsEnabled) {
        Config.Scope scope = mock(Config.Scope.class);
        Config.Scope root = mock(Config.Scope.class);
        when(scope.root()).thenReturn(root);
        when(root.getBoolean("metrics-enabled", false)).thenReturn(metricsEnabled);
        return scope;
    }

    @Test
    @DisplayName("without --metrics-enabled=true nothing is registered in Keycloak's registry")
    void offWithoutMetrics() {
        SmsMetrics off = SmsMetrics.from(config(false));
        assertThat(off.enabled()).isFalse();
        off.sent(realm, "login", "sent");
        off.refused(realm, "login", "user_hourly");
        off.budget(realm, () -> 3, 10);
        off.watchSends(() -> 1, 4);
        off.requestDuration(realm, "login", 1_000_000);
        assertThat(Metrics.globalRegistry.getMeters()).noneMatch(m -> m.getId().getName().startsWith("sipgate"));
    }

    @Test
    @DisplayName("with --metrics-enabled=true the meters go to Keycloak's global registry")
    void onWithMetrics() {
        SmsMetrics on = SmsMetrics.from(config(true));
        Metrics.globalRegistry.add(registry);
        on.sent(realm, "login", "sent");
        assertThat(registry.get(SmsMetrics.SENT).tags("realm", "acme", "purpose", "login", "outcome", "sent").counter().count())
            .isEqualTo(1);
        Metrics.globalRegistry.remove(registry);
    }

    @Test
    @DisplayName("counters are tagged by realm, purpose and their one dimension, and count exactly")
    void counters() {
        metrics.sent(realm, "login", "sent");
        metrics.sent(realm, "login", "sent");
        metrics.sent(realm, "registration", "timeout");
        metrics.refused(realm, "login", "user_cooldown");
        metrics.segments(realm, "login", "ucs2", 2);
        metrics.checked(realm("other"), "login", "wrong");

        assertThat(registry.get(SmsMetrics.SENT).tags("realm", "acme", "purpose", "login", "outcome", "sent").counter().count())
            .isEqualTo(2);
        assertThat(registry.get(SmsMetrics.SENT).tags("purpose", "registration", "outcome", "timeout").counter().count()).isEqualTo(1);
        assertThat(registry.get(SmsMetrics.REFUSED).tags("limit", "user_cooldown").counter().count()).isEqualTo(1);
        assertThat(registry.get(SmsMetrics.SEGMENTS).tags("encoding", "ucs2").counter().count()).isEqualTo(2);
        assertThat(registry.get(SmsMetrics.CODES_CHECKED).tags("realm", "other", "result", "wrong").counter().count()).isEqualTo(1);
        assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags())
            .allSatisfy(tag -> assertThat(tag.getKey()).isIn("realm", "purpose", "outcome", "limit", "encoding", "result")));
    }

    @Test
    @DisplayName("logins on a trusted browser are counted per realm (SMS saved)")
    void trustedLogins() {
        metrics.trustedLogin(realm);
        metrics.trustedLogin(realm);
        metrics.trustedLogin(realm("other"));
        assertThat(registry.get(SmsMetrics.TRUSTED_LOGINS).tags("realm", "acme").counter().count()).isEqualTo(2);
        assertThat(registry.get(SmsMetrics.TRUSTED_LOGINS).tags("realm", "other").counter().count()).isEqualTo(1);
    }

    @Test
    @DisplayName("the request duration is a timer with buckets up to the 8 s deadline")
    void duration() {
        metrics.requestDuration(realm, "login", TimeUnit.MILLISECONDS.toNanos(120));
        metrics.requestDuration(realm, "login", TimeUnit.MILLISECONDS.toNanos(3000));
        var timer = registry.get(SmsMetrics.REQUEST_DURATION).tags("realm", "acme", "purpose", "login").timer();
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3120);
        assertThat(timer.takeSnapshot().histogramCounts()).extracting(c -> (long) c.bucket(TimeUnit.MILLISECONDS))
            .containsExactly(50L, 100L, 250L, 500L, 1000L, 2500L, 5000L, 8000L);
    }

    @Test
    @DisplayName("sends in flight and the node's bound are gauges read at each scrape; the registry holds the in-flight source strongly")
    void inFlight() throws IllegalAccessException {
        AtomicInteger flying = new AtomicInteger();
        IntSupplier source = flying::get;
        metrics.watchSends(source, 4);
        Gauge inFlight = registry.get(SmsMetrics.SENDS_IN_FLIGHT).gauge();
        flying.set(3);
        assertThat(inFlight.value()).isEqualTo(3);
        flying.set(1);
        assertThat(inFlight.value()).as("the next scrape").isEqualTo(1);
        assertThat(registry.get(SmsMetrics.SENDS_MAX).gauge().value()).isEqualTo(4);
        // Micrometer holds a gauge's object weakly and nothing else holds this supplier: unless the gauge reaches it through
        // strong references, a garbage collection turns the gauge into NaN. Checked as the collector would, without one.
        assertThat(reachesStrongly(inFlight, source)).as("the gauge reaches its supplier through strong references").isTrue();
    }

    /**
     * Whether {@code target} is reachable from {@code from} through fields that are not weak or soft references: what a
     * garbage collection keeps. Walks the objects of Micrometer and of this project (the JDK's own are only compared).
     */
    private static boolean reachesStrongly(Object from, Object target) throws IllegalAccessException {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> next = new ArrayDeque<>(List.of(from));
        while (!next.isEmpty()) {
            Object object = next.poll();
            if (object == target) {
                return true;
            }
            if (object instanceof Reference<?> || object.getClass().getModule().isNamed() || !seen.add(object)) {
                continue;
            }
            if (object instanceof Object[] array) {
                Arrays.stream(array).filter(Objects::nonNull).forEach(next::add);
            }
            for (Class<?> type = object.getClass(); type != null; type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    if (!field.getType().isPrimitive() && !Modifier.isStatic(field.getModifiers()) && field.trySetAccessible()
                            && field.get(object) != null) {
                        next.add(field.get(object));
                    }
                }
            }
        }
        return false;
    }

    @Test
    @DisplayName("the realm budget gauge shows the last granted SMS's count, per realm, and 0 an hour after it")
    void budget() {
        TestClock clock = new TestClock();
        try (MockedStatic<Time> time = clock.keycloakTime()) {
            metrics.budget(realm, () -> 7, 10);
            metrics.budget(realm("other"), () -> 1, 500);
            assertThat(registry.get(SmsMetrics.BUDGET_USED).tags("realm", "acme").gauge().value()).isEqualTo(7);
            assertThat(registry.get(SmsMetrics.BUDGET_LIMIT).tags("realm", "acme").gauge().value()).isEqualTo(10);
            assertThat(registry.get(SmsMetrics.BUDGET_USED).tags("realm", "other").gauge().value()).isEqualTo(1);
            metrics.budget(realm, () -> 8, 10);
            assertThat(registry.get(SmsMetrics.BUDGET_USED).tags("realm", "acme").gauge().value()).isEqualTo(8);
            clock.advance(3599);
            assertThat(registry.get(SmsMetrics.BUDGET_USED).tags("realm", "acme").gauge().value()).isEqualTo(8);
            clock.advance(1);
            assertThat(registry.get(SmsMetrics.BUDGET_USED).tags("realm", "acme").gauge().value()).isZero();
        }
        assertThat(registry.getMeters()).extracting(Meter::getId).extracting(id -> id.getName())
            .containsOnly(SmsMetrics.BUDGET_USED, SmsMetrics.BUDGET_LIMIT);
    }
}
