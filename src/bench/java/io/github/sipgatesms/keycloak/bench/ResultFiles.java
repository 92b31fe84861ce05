package io.github.sipgatesms.keycloak.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Writes results.csv (one row per flow and concurrency), results.json (the whole report and the targets missed) and results.txt. */
final class ResultFiles {

    static final String CSV_HEADER = "flow,steps,users,logins,seconds,logins_per_s,login_p50_ms,login_p99_ms,"
        + "second_factor_p50_ms,second_factor_p99_ms,errors,cpu_s,peak_rss_mb,pool_wait_ms";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultFiles() {
    }

    static void write(Report report, Path out) throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.csv"), csv(report));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("report", report);
        json.put("targetsMissed", Targets.missed(report));
        Files.writeString(out.resolve("results.json"), JSON.writeValueAsString(json));
        Files.writeString(out.resolve("results.txt"), ReportTable.of(report));
    }

    static String csv(Report report) {
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        for (Row r : report.rows()) {
            csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%.2f,%.2f,%.2f,%.2f,%.2f,%d,%.2f,%.0f,%d%n", r.flow(), r.flow().label(),
                r.concurrency(), r.logins(), (int) r.seconds(), r.loginsPerSecond(), r.loginP50(), r.loginP99(), r.factorP50(),
                r.factorP99(), r.errors(), r.cpuSeconds(), r.peakRssMb(), r.poolWaitMillis()));
        }
        return csv.toString();
    }
}
