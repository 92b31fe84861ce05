package io.github.sipgatesms.keycloak.bench;

/** One flow at one concurrency, summed over its rounds. Times in milliseconds. */
public record Row(Flow flow, int concurrency, int logins, double seconds, double loginsPerSecond, double loginP50, double loginP99,
                  double factorP50, double factorP99, int errors, double cpuSeconds, double peakRssMb, long poolWaitMillis) {
}
