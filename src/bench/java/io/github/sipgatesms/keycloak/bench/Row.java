package io.github.sipgatesms.keycloak.bench;

/**
 * One flow at one concurrency over its rounds. {@code logins}, {@code seconds} and {@code loginsPerSecond} (their
 * quotient, the mean over the rounds), the percentiles, errors, CPU and pool waits are summed or pooled over all
 * rounds; {@code perSecond} holds each round's logins per second, their median and spread. Times in milliseconds.
 */
public record Row(Flow flow, int concurrency, int logins, double seconds, double loginsPerSecond, double loginP50, double loginP99,
                  double factorP50, double factorP99, int errors, double cpuSeconds, double peakRssMb, long poolWaitMillis,
                  RoundSpread perSecond) {

    /** The median over the rounds of logins per second. */
    public double medianPerSecond() {
        return perSecond.median();
    }
}
