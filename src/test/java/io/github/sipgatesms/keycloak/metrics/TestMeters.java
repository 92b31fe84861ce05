package io.github.sipgatesms.keycloak.metrics;

import io.micrometer.core.instrument.MeterRegistry;

/** The step's meters on a registry a unit test reads (production takes Keycloak's, {@link SmsMetrics#from}). */
public final class TestMeters {

    private TestMeters() {
    }

    public static SmsMetrics on(MeterRegistry registry) {
        return new SmsMetrics(registry);
    }
}
