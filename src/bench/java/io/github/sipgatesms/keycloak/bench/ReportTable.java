package io.github.sipgatesms.keycloak.bench;

import java.util.Locale;

/** The report as the text table the benchmark prints and writes to results.txt. */
final class ReportTable {

    private ReportTable() {
    }

    static String of(Report report) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nLogin benchmark (%s) - Keycloak %s, production mode, H2, metrics on - %s%n", report.mode(),
            report.keycloak(), report.machine()));
        out.append(String.format(Locale.ROOT, "%-4s %-22s %5s %7s %9s %9s %9s %9s %9s %6s %7s %8s%n", "flow", "steps", "users",
            "logins", "logins/s", "login p50", "login p99", "2FA p50", "2FA p99", "errors", "CPU s", "peak RSS"));
        for (Row r : report.rows()) {
            out.append(String.format(Locale.ROOT, "%-4s %-22s %5d %7d %9.1f %7.1fms %7.1fms %7.1fms %7.1fms %6d %7.1f %6.0fMB%n",
                r.flow(), r.flow().label(), r.concurrency(), r.logins(), r.loginsPerSecond(), r.loginP50(), r.loginP99(),
                r.factorP50(), r.factorP99(), r.errors(), r.cpuSeconds(), r.peakRssMb()));
        }
        out.append("2FA = the password POST (which starts the second step; for C it sends the SMS) plus the code POST; "
            + "for A the password POST alone.\n");
        for (int c : report.levels()) {
            Row b = report.row(Flow.B, c);
            Row cRow = report.row(Flow.C, c);
            Row first = report.row(Flow.CF, c);
            out.append(String.format(Locale.ROOT, "%2d users: throughput C/B = %.2f, CF/B = %.2f; 2FA median C - B = %+.1f ms, "
                + "CF - B = %+.1f ms; CPU per login C/B = %.2f, CF/B = %.2f%n",
                c, cRow.loginsPerSecond() / b.loginsPerSecond(), first.loginsPerSecond() / b.loginsPerSecond(),
                cRow.factorP50() - b.factorP50(), first.factorP50() - b.factorP50(),
                (cRow.cpuSeconds() / cRow.logins()) / (b.cpuSeconds() / b.logins()),
                (first.cpuSeconds() / first.logins()) / (b.cpuSeconds() / b.logins())));
        }
        for (int c : report.levels()) {
            Row a = report.row(Flow.A, c);
            Row p = report.row(Flow.P, c);
            out.append(String.format(Locale.ROOT, "%2d users: phone sign-in P/A: cost per login (1 / throughput) = %.2f, "
                + "Keycloak CPU per login = %.2f%n", c, a.loginsPerSecond() / p.loginsPerSecond(),
                (p.cpuSeconds() / p.logins()) / (a.cpuSeconds() / a.logins())));
        }
        out.append(String.format(Locale.ROOT, "sipgate: %d SMS over %d TCP connection(s)%n", report.smsSent(), report.sipgateConnections()));
        Hung h = report.hung();
        out.append(String.format(Locale.ROOT, "hung sipgate: flow A at 4 users %.1f -> %.1f logins/s (%.0f %%) beside %d SMS clients "
            + "pressing resend; %d SMS attempts, %d ended cleanly (code page with 'could not be sent'), %d of them refused at once, "
            + "slowest %d ms (deadline %d ms)%n", h.normalPerSecond(), h.hungPerSecond(), 100 * h.ratio(),
            h.smsClients(), h.smsLogins(), h.smsCleanFailures(), h.smsRefusedAtOnce(), h.smsMaxMillis(), h.deadlineMillis()));
        out.append(String.format(Locale.ROOT, "  events: %d refused as busy (max-concurrent-sends %d), %d timed out at sipgate; "
            + "sipgate received %d requests in the first second, %d during the hang%n", h.smsBusy(), h.maxConcurrentSends(),
            h.smsTimedOut(), h.sipgateFirstWave(), h.sipgateRequests()));
        if (!report.errorSamples().isEmpty()) {
            out.append("errors, first ones:\n  ").append(String.join("\n  ", report.errorSamples())).append('\n');
        }
        return out.toString();
    }
}
