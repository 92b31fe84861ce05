package io.github.sipgatesms.keycloak.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the SMS step costs: complete browser-less logins (forms followed, no JavaScript, then the code exchanged
 * for tokens) against one production-mode Keycloak, for the flows side by side in the same server and run,
 * interleaved round by round:
 * <ul>
 * <li>A: username/password only;</li>
 * <li>B: username/password + Keycloak's own OTP form (TOTP computed here);</li>
 * <li>C and CF: username/password + sipgate-sms, returning users and first SMS logins (the code read from the fake
 * sipgate, which answers at once);</li>
 * <li>P: phone sign-in, the number and then the code (no password), beside A.</li>
 * </ul>
 * Each flow and concurrency is measured in {@link Settings#rounds()} rounds; the report gives the median logins/s over
 * the rounds and their spread, and the targets C/B and CF/B are judged on the ratio of the medians ({@link Targets#rule}).
 * In the full run the fake sipgate runs in a process of its own ({@link SipgateProcess}); the smoke mode keeps it in
 * this JVM.
 * Then the same server with the fake sipgate hanging ({@link HungSipgatePhase}): flow A's throughput beside SMS
 * logins that must fail cleanly within the sender's timeout, more of them than {@code max-concurrent-sends}. Prints
 * a table and writes {@code target/benchmark/results.csv}, {@code results.json} and {@code results.txt}.
 * {@code full} is the documented manual run (scripts/benchmark.sh); {@code smoke} (a few seconds per phase) runs
 * inside {@code mvn verify} as {@code LoginBenchmarkIT}.
 */
public final class LoginBenchmark {

    private final Settings settings;
    private final BenchSipgate sipgate;
    private final BenchmarkServer server;
    private final PhaseRunner phases;

    private LoginBenchmark(Settings settings, BenchSipgate sipgate, BenchmarkServer server) {
        this.settings = settings;
        this.sipgate = sipgate;
        this.server = server;
        this.phases = new PhaseRunner(server, new LoginDriver(sipgate));
    }

    public static void main(String[] args) throws Exception {
        Report report = run(Settings.of(args.length > 0 ? args[0] : "full"), Path.of("target", "benchmark"));
        List<String> missed = Targets.missed(report);
        System.out.println(missed.isEmpty() ? "all targets met" : "targets missed:\n  " + String.join("\n  ", missed));
        System.exit(report.errors() == 0 ? 0 : 1);
    }

    /**
     * Prints the rule of the targets, starts the fake sipgate and Keycloak, measures, writes the result files into
     * {@code out} and prints the table.
     */
    public static Report run(Settings settings, Path out) throws Exception {
        String started = Instant.now().toString();
        System.out.println(Targets.rule(settings));
        try (BenchSipgate sipgate = settings.separateSipgate() ? SipgateProcess.start(out) : InJvmSipgate.start();
             BenchmarkServer server = BenchmarkServer.start(sipgate, settings.maxConcurrentSends(), out);
             BenchRealm realm = new BenchRealm()) {
            LoginBenchmark bench = new LoginBenchmark(settings, sipgate, server);
            realm.create(bench.users());
            Report report = bench.measure(started, new SmsErrorEvents(realm.resource()));
            ResultFiles.write(report, out);
            System.out.println(ReportTable.of(report));
            return report;
        }
    }

    /** The users of every flow, also put into their flow's pool. */
    private List<BenchUser> users() {
        List<BenchUser> users = new ArrayList<>();
        for (int i = 0; i < settings.usersA(); i++) {
            users.add(BenchUser.passwordOnly(i));
            phases.pool(Flow.A).add(users.get(users.size() - 1));
        }
        for (int i = 0; i < settings.usersB(); i++) {
            users.add(BenchUser.withOtp(i));
            phases.pool(Flow.B).add(users.get(users.size() - 1));
        }
        for (int i = 0; i < settings.usersC(); i++) {
            users.add(BenchUser.withPhone(i));
            phases.pool(Flow.C).add(users.get(users.size() - 1));
        }
        for (int i = 0; i < settings.usersFirst(); i++) {
            users.add(BenchUser.withPhone(settings.usersC() + i));
            phases.pool(Flow.CF).add(users.get(users.size() - 1));
        }
        for (int i = 0; i < settings.usersPhone(); i++) {
            users.add(BenchUser.withPhone(settings.usersC() + settings.usersFirst() + i));
            phases.pool(Flow.P).add(users.get(users.size() - 1));
        }
        return users;
    }

    private Report measure(String started, SmsErrorEvents events) throws Exception {
        // every user of B, C and CF logs in once with the password only: all measured logins find their user in
        // Keycloak's cache, and a CF user's first SMS login is still ahead
        for (Flow flow : List.of(Flow.B, Flow.C, Flow.CF, Flow.P)) {
            phases.prime(phases.pool(flow).users(), Settings.WARMUP_CONCURRENCY);
        }
        List<Flow> order = new ArrayList<>(List.of(Flow.values()));
        for (Flow flow : order) {
            phases.run(flow, Settings.WARMUP_CONCURRENCY, settings.warmupSeconds());
        }
        phases.clearErrors();
        sipgate.clear();
        Map<String, Accumulator> results = new LinkedHashMap<>();
        for (int concurrency : settings.concurrency()) {
            for (Flow flow : Flow.values()) {
                results.put(flow + "/" + concurrency, new Accumulator(flow, concurrency));
            }
            for (int round = 0; round < settings.rounds(); round++) {
                // a different flow goes first in every round, so slow drift does not favour one of them
                Collections.rotate(order, 1);
                for (Flow flow : order) {
                    results.get(flow + "/" + concurrency).add(phases.run(flow, concurrency, settings.phaseSeconds()));
                }
            }
        }
        long smsSent = sipgate.smsSent();
        int connections = sipgate.connectionsSeen();
        Hung hung = new HungSipgatePhase(settings, sipgate, phases, events).run();
        List<Row> rows = results.values().stream().map(Accumulator::row).toList();
        return new Report(settings.mode(), Machine.describe(), server.version(), started, settings.rounds(),
            settings.separateSipgate() ? "separate process" : "harness JVM", Targets.rule(settings), rows, smsSent, connections, hung,
            phases.firstErrors(10));
    }
}
