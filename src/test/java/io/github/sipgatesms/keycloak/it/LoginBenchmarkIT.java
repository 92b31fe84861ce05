package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.github.sipgatesms.keycloak.bench.Flow;
import io.github.sipgatesms.keycloak.bench.Hung;
import io.github.sipgatesms.keycloak.bench.LoginBenchmark;
import io.github.sipgatesms.keycloak.bench.Report;
import io.github.sipgatesms.keycloak.bench.Row;
import io.github.sipgatesms.keycloak.bench.Settings;

/**
 * The login benchmark's smoke mode (src/bench/java) inside {@code mvn verify}: its own production-mode Keycloak
 * (ports 8180/9180, {@code max-concurrent-sends} 4), every flow at 1 and 4 users for a few seconds each, then
 * the hung-sipgate phase with 8 SMS clients. It checks that the harness works end to end, that nothing errs, that
 * the bound of concurrent sends is enforced, and that phone sign-in costs at most 1.2 times Keycloak's Username
 * Password Form per login (it measures about a third: no password hash); the SMS step's targets against the OTP form
 * are checked by the full, manual run (scripts/benchmark.sh), whose numbers are in docs/performance.md.
 */
@DisplayName("login benchmark, smoke mode (production-mode Keycloak, flows A/B/C/CF/P, hung sipgate)")
class LoginBenchmarkIT {

    @Test
    @DisplayName("every flow logs users in without an error; SMS reuse connections; a hung sipgate fails SMS logins cleanly, "
        + "those beyond max-concurrent-sends refused at once as busy")
    void smoke() throws Exception {
        Path out = Path.of("target", "benchmark-smoke");
        Settings settings = Settings.smoke();
        Report report = LoginBenchmark.run(settings, out);

        assertThat(report.errorSamples()).isEmpty();
        assertThat(report.rows()).allSatisfy(row -> assertThat(row.poolWaitMillis())
            .as("%s at %d users waiting for a user whose TOTP code is not spent", row.flow(), row.concurrency())
            .isLessThan(row.concurrency() * 1000L));
        assertThat(report.errors()).isZero();
        assertThat(report.rows()).hasSize(Flow.values().length * settings.concurrency().length)
            .allSatisfy(row -> assertThat(row.logins()).as(row.flow() + " at " + row.concurrency()).isPositive());
        for (int users : settings.concurrency()) {
            Row password = report.row(Flow.A, users);
            Row phone = report.row(Flow.P, users);
            assertThat(password.loginsPerSecond() / phone.loginsPerSecond()).as("phone sign-in's cost per login / the Username "
                + "Password Form's at %d users (1 / throughput)", users).isLessThanOrEqualTo(1.2);
        }
        long smsLogins = report.rows().stream().filter(r -> r.flow() == Flow.C || r.flow() == Flow.CF || r.flow() == Flow.P)
            .mapToInt(Row::logins).sum();
        assertThat(report.smsSent()).isGreaterThanOrEqualTo(smsLogins);
        int maxUsers = Arrays.stream(settings.concurrency()).max().orElseThrow();
        assertThat(report.sipgateConnections()).as("pooled keep-alive connections to sipgate").isBetween(1, maxUsers + 2);

        Hung hung = report.hung();
        assertThat(hung.smsLogins()).isPositive();
        assertThat(hung.smsCleanFailures()).as("SMS attempts answered with the code page and 'could not be sent'").isEqualTo(hung.smsLogins());
        assertThat(hung.smsMaxMillis()).isLessThanOrEqualTo(hung.deadlineMillis() + 1000L);
        assertThat(hung.ratio()).as("password-only logins while sipgate hangs, relative to before").isGreaterThan(0.5);

        // more SMS clients than max-concurrent-sends pressed resend at once while sipgate hung
        assertThat(hung.smsClients()).isGreaterThan(hung.maxConcurrentSends());
        assertThat(hung.sipgateFirstWave()).as("requests that reached the hung sipgate at once (the bound)")
            .isPositive().isLessThanOrEqualTo(hung.maxConcurrentSends());
        assertThat(hung.smsBusy()).as("SMS attempts refused as busy (event error sipgate_sms_busy)").isPositive();
        assertThat(hung.smsTimedOut()).as("SMS attempts that went out to sipgate and timed out").isPositive();
        assertThat(hung.smsBusy() + hung.smsTimedOut()).as("every attempt is either refused as busy or timed out")
            .isEqualTo(hung.smsLogins());
        assertThat(hung.sipgateRequests()).as("busy refusals never reach sipgate")
            .isGreaterThanOrEqualTo(hung.smsTimedOut()).isLessThan(hung.smsLogins());

        assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(1 + report.rows().size());
        assertThat(out.resolve("results.json")).exists();
    }
}
