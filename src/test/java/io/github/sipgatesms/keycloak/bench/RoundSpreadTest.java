package io.github.sipgatesms.keycloak.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's statistics over rounds: median, spread, and the targets judged on the ratio of the medians. */
class RoundSpreadTest {

    @Test
    @DisplayName("median of an odd count is the middle round, of an even count the mean of the two middle ones")
    void median() {
        assertThat(RoundSpread.of(30, 10, 20, 50, 40).median()).isEqualTo(30);
        assertThat(RoundSpread.of(40, 10, 30, 20).median()).isEqualTo(25);
        assertThat(RoundSpread.of(7).median()).isEqualTo(7);
        assertThat(RoundSpread.of().median()).isNaN();
    }

    @Test
    @DisplayName("spread: min and max of the rounds, and as percent below and above the median; the rounds kept in order")
    void spread() {
        RoundSpread s = RoundSpread.of(21, 20, 24, 19, 22);
        assertThat(s.perRound()).containsExactly(21.0, 20.0, 24.0, 19.0, 22.0);
        assertThat(s.rounds()).isEqualTo(5);
        assertThat(s.median()).isEqualTo(21);
        assertThat(s.min()).isEqualTo(19);
        assertThat(s.max()).isEqualTo(24);
        assertThat(s.belowPercent()).isCloseTo(100.0 * (19 - 21) / 21, within(1e-9));
        assertThat(s.abovePercent()).isCloseTo(100.0 * (24 - 21) / 21, within(1e-9));
        RoundSpread flat = RoundSpread.of(5, 5, 5);
        assertThat(flat.belowPercent()).isZero();
        assertThat(flat.abovePercent()).isZero();
    }

    @Test
    @DisplayName("ratio of the medians: one disturbed round moves it less than the ratio of the means")
    void ratioOfMedians() {
        RoundSpread b = RoundSpread.of(40, 40, 40, 40, 40);
        RoundSpread c = RoundSpread.of(39, 39, 39, 39, 20);
        assertThat(RoundSpread.ratio(c, b)).isCloseTo(39.0 / 40, within(1e-9));
        double meanRatio = (39 * 4 + 20) / 5.0 / 40;
        assertThat(meanRatio).isLessThan(Targets.RETURNING);
        assertThat(RoundSpread.ratio(c, b)).isGreaterThanOrEqualTo(Targets.RETURNING);
    }

    @Test
    @DisplayName("targets C/B and CF/B are met when the ratio of the medians meets them, missed when it does not")
    void targetsJudgeTheMedians(@TempDir Path out) throws Exception {
        // C: one bad round (mean ratio 0.88, median ratio 0.975); CF: median ratio 0.85 although one round beats B
        Report report = report(List.of(40.0, 40.0, 40.0, 40.0, 40.0), List.of(39.0, 39.0, 39.0, 39.0, 20.0),
            List.of(34.0, 34.0, 34.0, 50.0, 34.0));
        assertThat(report.row(Flow.C, 1).loginsPerSecond() / report.row(Flow.B, 1).loginsPerSecond()).isLessThan(Targets.RETURNING);
        List<String> missed = Targets.missed(report);
        assertThat(missed).noneMatch(m -> m.startsWith("throughput C/B"));
        assertThat(missed).anyMatch(m -> m.startsWith("throughput CF/B") && m.contains("0.85"));
        assertThat(ReportTable.of(report)).contains("C/B = 0.98 (>= 0.95 met)", "CF/B = 0.85 (>= 0.90 MISSED)");
        assertThat(ResultFiles.csv(report).lines().skip(1)).hasSize(report.rows().size())
            .anyMatch(line -> line.startsWith("C,password + SMS (returning),1,5,39.00,20.00,39.00,-48.7,0.0,39.00 39.00 39.00 39.00 20.00,"));
        assertThat(ResultFiles.medianRatios(report)).singleElement()
            .satisfies(level -> assertThat((double) level.get("returningOverOtp")).isCloseTo(0.975, within(1e-9)));
        ResultFiles.write(report, out);
        assertThat(Files.readString(out.resolve("results.json"))).contains("\"perRound\" : [ 39.0, 39.0, 39.0, 39.0, 20.0 ]",
            "\"median\" : 39.0", "\"medianRatios\"", "\"returningOverOtp\" : 0.975", "\"rounds\" : 5");
    }

    /** A report at one user: A and P at 40 logins/s every round, B, C and CF as given (10-s rounds, one-millisecond logins). */
    private static Report report(List<Double> b, List<Double> c, List<Double> first) {
        List<Row> rows = new ArrayList<>();
        List<Double> steady = List.of(40.0, 40.0, 40.0, 40.0, 40.0);
        for (Flow flow : Flow.values()) {
            List<Double> perSecond = switch (flow) {
                case B -> b;
                case C -> c;
                case CF -> first;
                default -> steady;
            };
            Accumulator acc = new Accumulator(flow, 1);
            for (double rate : perSecond) {
                Phase phase = new Phase(10);
                for (int i = 0; i < rate * 10; i++) {
                    phase.add(new Sample(1, 1));
                }
                phase.server(1, 100);
                acc.add(phase);
            }
            rows.add(acc.row());
        }
        Hung hung = new Hung(40, 40, 1, 8, 8, 8, 4, 100, 5000, 4, 4, 4, 4, 6);
        return new Report("test", "test machine", "26.7.3", "now", 5, "harness JVM", "rule", rows, 0, 1, hung, List.of());
    }
}
