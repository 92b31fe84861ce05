package io.github.sipgatesms.keycloak.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The phases of one flow at one concurrency, over all rounds, summed into a {@link Row}, with each round's logins per second. */
final class Accumulator {
    private final Flow flow;
    private final int concurrency;
    private final List<Sample> samples = new ArrayList<>();
    private final List<Double> perRound = new ArrayList<>();
    private int errors;
    private int seconds;
    private double cpu;
    private double peakRss;
    private long poolWaitNanos;

    Accumulator(Flow flow, int concurrency) {
        this.flow = flow;
        this.concurrency = concurrency;
    }

    void add(Phase phase) {
        samples.addAll(phase.samples());
        perRound.add(phase.perSecond());
        errors += phase.errors();
        seconds += phase.seconds();
        cpu += phase.cpuSeconds();
        peakRss = Math.max(peakRss, phase.peakRssMb());
        poolWaitNanos += phase.poolWaitNanos();
    }

    Row row() {
        double[] login = samples.stream().mapToDouble(Sample::loginMillis).sorted().toArray();
        double[] factor = samples.stream().mapToDouble(Sample::factorMillis).sorted().toArray();
        return new Row(flow, concurrency, samples.size(), seconds, samples.size() / (double) seconds,
            percentile(login, 50), percentile(login, 99), percentile(factor, 50), percentile(factor, 99), errors,
            cpu, peakRss, TimeUnit.NANOSECONDS.toMillis(poolWaitNanos),
            RoundSpread.of(perRound.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    /** The nearest-rank percentile of sorted values; NaN for none. */
    static double percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
