package io.github.sipgatesms.keycloak.bench;

import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The report as the text table the benchmark prints and writes to results.txt: per flow and concurrency the median
 * logins/s over the rounds, their range and that range in percent of the median, and each round's value.
 */
final class ReportTable {

    private ReportTable() {
    }

    static String of(Report report) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nLogin benchmark (%s) - Keycloak %s, production mode, H2, metrics on - %s%n", report.mode(),
            report.keycloak(), report.machine()));
        out.append(String.format(Locale.ROOT, "%d round(s) per flow and concurrency; fake sipgate: %s%n%s%n", report.rounds(),
            report.sipgate(), report.targetRule()));
        out.append(String.format(Locale.ROOT, "%-4s %-26s %5s %7s %8s %13s %13s %9s %9s %9s %9s %6s %7s %8s  %s%n", "flow", "steps",
            "users", "logins", "median/s", "min-max/s", "spread %", "login p50", "login p99", "2FA p50", "2FA p99", "errors",
            "CPU s", "peak RSS", "logins/s per round"));
        for (Row r : report.rows()) {
            RoundSpread s = r.perSecond();
            out.append(String.format(Locale.ROOT, "%-4s %-26s %5d %7d %8.1f %13s %13s %7.1fms %7.1fms %7.1fms %7.1fms %6d %7.1f %6.0fMB  %s%n",
                r.flow(), r.flow().label(), r.concurrency(), r.logins(), s.median(),
                String.format(Locale.ROOT, "%.1f-%.1f", s.min(), s.max()),
                String.format(Locale.ROOT, "%+.1f/%+.1f", s.belowPercent(), s.abovePercent()), r.loginP50(), r.loginP99(),
                r.factorP50(), r.factorP99(), r.errors(), r.cpuSeconds(), r.peakRssMb(), perRound(s)));
        }
        out.append("median/s: the median over the rounds of logins per second; min-max/s: the rounds' range; spread %: the "
            + "lowest and highest round in percent below and above the median.\n");
        out.append("2FA = the password POST (which starts the second step; for C it sends the SMS) plus the code POST; "
            + "for A the password POST alone.\n");
        for (int c : report.levels()) {
            Row b = report.row(Flow.B, c);
            Row cRow = report.row(Flow.C, c);
            Row first = report.row(Flow.CF, c);
            double returning = RoundSpread.ratio(cRow.perSecond(), b.perSecond());
            double firstRatio = RoundSpread.ratio(first.perSecond(), b.perSecond());
            out.append(String.format(Locale.ROOT, "%2d users: throughput (ratio of the medians) C/B = %.2f (%s), CF/B = %.2f (%s); "
                + "2FA median C - B = %+.1f ms, CF - B = %+.1f ms; CPU per login C/B = %.2f, CF/B = %.2f%n",
                c, returning, verdict(returning, Targets.RETURNING), firstRatio, verdict(firstRatio, Targets.FIRST),
                cRow.factorP50() - b.factorP50(), first.factorP50() - b.factorP50(),
                (cRow.cpuSeconds() / cRow.logins()) / (b.cpuSeconds() / b.logins()),
                (first.cpuSeconds() / first.logins()) / (b.cpuSeconds() / b.logins())));
        }
        for (int c : report.levels()) {
            Row a = report.row(Flow.A, c);
            Row p = report.row(Flow.P, c);
            out.append(String.format(Locale.ROOT, "%2d users: phone sign-in P/A: cost per login (1 / throughput, means over the rounds) "
                + "= %.2f (from the medians %.2f), Keycloak CPU per login = %.2f%n", c, a.loginsPerSecond() / p.loginsPerSecond(),
                RoundSpread.ratio(a.perSecond(), p.perSecond()),
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

    private static String verdict(double ratio, double target) {
        return String.format(Locale.ROOT, ">= %.2f %s", target, ratio >= target ? "met" : "MISSED");
    }

    private static String perRound(RoundSpread spread) {
        return spread.perRound().stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).collect(Collectors.joining(" "));
    }
}
