package io.github.sipgatesms.keycloak.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Logins per second of one flow at one concurrency, one value per round: their median, their range (min-max) and
 * that range as percentages below and above the median ({@code belowPercent} is negative or zero). The targets
 * compare medians ({@link #ratio}), so one round disturbed by the machine moves neither side much.
 */
public record RoundSpread(List<Double> perRound, double median, double min, double max, double belowPercent,
                          double abovePercent) {

    public RoundSpread {
        perRound = List.copyOf(perRound);
    }

    /** The spread of {@code values} (one per round, in the order measured); NaN throughout for none. */
    static RoundSpread of(double... values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = median(sorted);
        double min = sorted.length == 0 ? Double.NaN : sorted[0];
        double max = sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
        return new RoundSpread(Arrays.stream(values).boxed().toList(), median, min, max, percentOf(min, median),
            percentOf(max, median));
    }

    /** The median of sorted values: the middle one, or the mean of the two middle ones; NaN for none. */
    static double median(double[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The ratio of the medians, {@code numerator / denominator}: what the throughput targets judge. */
    static double ratio(RoundSpread numerator, RoundSpread denominator) {
        return numerator.median() / denominator.median();
    }

    /** How many rounds were measured. */
    public int rounds() {
        return perRound.size();
    }

    private static double percentOf(double value, double median) {
        return median == 0 ? Double.NaN : 100 * (value / median - 1);
    }
}
