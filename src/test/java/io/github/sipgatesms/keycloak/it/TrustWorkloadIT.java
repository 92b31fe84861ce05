package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;

/**
 * The workload of issue 17 (docs/performance.md): 50 users log in once a day for 30 simulated days (server time
 * offset), each on their own browser (a cookie-keeping client that forgets all but the trust cookie between days),
 * with {@code trustBrowserDays} 30 and, as the baseline, 0. Asserts the SMS sent (50 and 1,500); the median time of
 * the step's requests per login is written to target/trust-workload.txt (not asserted: a machine's number).
 */
@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("50 users, one login a day for 30 days: SMS sent with trusted browsers (30 days) and without")
class TrustWorkloadIT extends SmsBrowserTest {

    private static final int USERS = 50;
    private static final int DAYS = 30;
    private static final String COOKIE = "SIPGATE_SMS_TRUST";

    /** A realm of its own: 30 days of time offset leave send-limit entries behind, which must not reach other realms. */
    @InjectRealm(config = SmsRealmConfig.class, ref = "trust-workload")
    ManagedRealm realm;

    @InjectOAuthClient(ref = "trust-workload", realmRef = "trust-workload")
    OAuthClient workloadOauth;

    @InjectTimeOffSet(enableForCaches = true)
    TimeOffSet timeOffSet;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @Override
    OAuthClient oauth() {
        return workloadOauth;
    }

    /** What one run of the workload gave. */
    private record Run(int sms, int trustedLogins, double smsLoginMedianMs, double trustedLoginMedianMs) {
    }

    @Test
    @DisplayName("trustBrowserDays 30: 50 SMS (one per user); off: 1,500 (one per login)")
    void thirtyDays() throws IOException {
        Run off = run("wl-off", 0);
        Run on = run("wl-on", 30);
        String report = String.format(Locale.ROOT, "Trusted-browser workload: %d users x %d days, one login a day each%n"
                + "trustBrowserDays=0 : %d SMS, %d trusted logins, median step time of an SMS login %.1f ms%n"
                + "trustBrowserDays=30: %d SMS, %d trusted logins, median step time of an SMS login %.1f ms, of a trusted login %.1f ms%n",
            USERS, DAYS, off.sms(), off.trustedLogins(), off.smsLoginMedianMs(),
            on.sms(), on.trustedLogins(), on.smsLoginMedianMs(), on.trustedLoginMedianMs());
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "trust-workload.txt"), report);
        System.out.print(report);

        assertThat(off.sms()).isEqualTo(USERS * DAYS);
        assertThat(off.trustedLogins()).isZero();
        assertThat(on.sms()).isEqualTo(USERS);
        assertThat(on.trustedLogins()).isEqualTo(USERS * (DAYS - 1));
    }

    /**
     * Every user logs in once on each day; the step's time is that of its requests: the password POST (which runs the
     * step: on a trusted browser it passes at once, otherwise it sends the SMS) plus, for an SMS login, the code POST.
     */
    private Run run(String prefix, int trustDays) {
        changePolicy(Map.of("trustBrowserDays", Integer.toString(trustDays)));
        List<String> names = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        List<FormLogin> browsers = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            names.add(prefix + "-" + i);
            numbers.add(freshNumber());
            newUser(names.get(i), numbers.get(i));
            browsers.add(new FormLogin());
        }
        Set<String> ours = Set.copyOf(numbers);
        int smsBefore = (int) sipgate.sent().stream().filter(sms -> ours.contains(sms.recipient())).count();
        List<Double> smsLogins = new ArrayList<>();
        List<Double> trustedLogins = new ArrayList<>();
        try {
            for (int day = 0; day < DAYS; day++) {
                if (day > 0) {
                    // Keycloak refuses to set the offset it already has (0) when none was set
                    timeOffSet.set(day * 86_400);
                }
                for (int i = 0; i < USERS; i++) {
                    FormLogin browser = browsers.get(i);
                    FormLogin.Page login = browser.open(workloadOauth);
                    long start = System.nanoTime();
                    FormLogin.Page next = browser.password(login, names.get(i), PASSWORD);
                    if (next.loggedIn()) {
                        trustedLogins.add((System.nanoTime() - start) / 1e6);
                    } else {
                        assertThat(next.isCodePage()).as("day %d, %s: %s", day, names.get(i), next.messages()).isTrue();
                        String code = sipgate.lastTo(numbers.get(i)).orElseThrow().code();
                        assertThat(browser.submitCode(next, code, trustDays > 0).loggedIn()).isTrue();
                        smsLogins.add((System.nanoTime() - start) / 1e6);
                    }
                    browser.keepOnly(COOKIE);
                }
            }
        } finally {
            timeOffSet.set(0);
        }
        int sms = (int) sipgate.sent().stream().filter(message -> ours.contains(message.recipient())).count() - smsBefore;
        return new Run(sms, trustedLogins.size(), median(smsLogins), median(trustedLogins));
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
