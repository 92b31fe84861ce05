package io.github.sipgatesms.keycloak.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes results.csv (one row per flow and concurrency: the median logins/s over the rounds, their range, the range in
 * percent of the median, each round's value, and the mean and the pooled figures), results.json (the whole report,
 * the ratios of the medians per concurrency and the targets missed) and results.txt.
 */
final class ResultFiles {

    static final String CSV_HEADER = "flow,steps,users,rounds,median_logins_per_s,min_logins_per_s,max_logins_per_s,"
        + "spread_below_pct,spread_above_pct,logins_per_s_per_round,logins,seconds,mean_logins_per_s,login_p50_ms,login_p99_ms,"
        + "second_factor_p50_ms,second_factor_p99_ms,errors,cpu_s,peak_rss_mb,pool_wait_ms";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultFiles() {
    }

    static void write(Report report, Path out) throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.csv"), csv(report));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("report", report);
        json.put("medianRatios", medianRatios(report));
        json.put("targetsMissed", Targets.missed(report));
        Files.writeString(out.resolve("results.json"), JSON.writeValueAsString(json));
        Files.writeString(out.resolve("results.txt"), ReportTable.of(report));
    }

    static String csv(Report report) {
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        for (Row r : report.rows()) {
            RoundSpread s = r.perSecond();
            String perRound = s.perRound().stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).collect(Collectors.joining(" "));
            csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.2f,%.2f,%.2f,%.1f,%.1f,%s,%d,%d,%.2f,%.2f,%.2f,%.2f,%.2f,%d,%.2f,%.0f,%d%n",
                r.flow(), r.flow().label(), r.concurrency(), s.rounds(), s.median(), s.min(), s.max(), s.belowPercent(),
                s.abovePercent(), perRound, r.logins(), (int) r.seconds(), r.loginsPerSecond(), r.loginP50(), r.loginP99(),
                r.factorP50(), r.factorP99(), r.errors(), r.cpuSeconds(), r.peakRssMb(), r.poolWaitMillis()));
        }
        return csv.toString();
    }

    /** Per concurrency: C/B and CF/B from the medians (what the targets judge), and A/P (phone sign-in's cost per login). */
    static List<Map<String, Object>> medianRatios(Report report) {
        List<Map<String, Object>> ratios = new ArrayList<>();
        for (int c : report.levels()) {
            RoundSpread b = report.row(Flow.B, c).perSecond();
            Map<String, Object> level = new LinkedHashMap<>();
            level.put("concurrency", c);
            level.put("returningOverOtp", RoundSpread.ratio(report.row(Flow.C, c).perSecond(), b));
            level.put("returningTarget", Targets.RETURNING);
            level.put("firstOverOtp", RoundSpread.ratio(report.row(Flow.CF, c).perSecond(), b));
            level.put("firstTarget", Targets.FIRST);
            level.put("phoneCostPerLoginFromMedians", RoundSpread.ratio(report.row(Flow.A, c).perSecond(), report.row(Flow.P, c).perSecond()));
            ratios.add(level);
        }
        return ratios;
    }
}
