package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;
import org.keycloak.testframework.realm.ManagedRealm;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;

/** Double clicks, parallel tabs and scripts: one login page posted ten times at once (docs/security.md). */
@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("ten concurrent requests of one login page never give an HTTP 500 and never exceed maxAttempts")
class ConcurrentRequestsIT extends SmsBrowserTest {

    private static final int THREADS = 10;
    private static final int BURSTS = 5;

    @InjectRealm(config = SmsRealmConfig.class)
    ManagedRealm realm;

    /** Stores the realm's events (the wrong entries are counted by their events). */
    @InjectEvents
    Events events;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    /** The current code page of the login, rendered again without a send (re-entry of the step). */
    private static String currentForm(FormLogin login, String lastAction) {
        FormLogin.Page page = login.get(lastAction.replaceAll("(session_code|execution)=[^&]*&?", ""));
        assertThat(page.status()).isEqualTo(200);
        return page.formAction("kc-sipgate-sms-form");
    }

    /** Posts the form {@value #THREADS} times at once, each with the login's cookies; the statuses after redirects. */
    private static List<Integer> burst(FormLogin login, String action, Map<String, String> form) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            FormLogin tab = login.copy();
            answers.add(pool.submit(() -> {
                start.await();
                return tab.post(action, form).status();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            statuses.add(answer.get());
        }
        pool.shutdown();
        return statuses;
    }

    @Test
    @DisplayName("10 bursts of 10 concurrent resends (slow sipgate) and 5 of 10 concurrent wrong codes: no 500, at most maxAttempts (3) wrong entries checked")
    void tenAtOnce() throws Exception {
        String number = freshNumber();
        String userId = newUser("racer", number);
        FormLogin login = new FormLogin();
        FormLogin.Page page = login.toCodePage(oauth, "racer", PASSWORD);
        assertThat(page.isCodePage()).isTrue();
        String action = page.formAction("kc-sipgate-sms-form");

        List<Integer> statuses = new ArrayList<>();
        // a slow sipgate holds the one resend that gets through, while the others re-render the page
        sipgate.delay(Duration.ofMillis(300));
        for (int i = 0; i < 2 * BURSTS; i++) {
            statuses.addAll(burst(login, action, Map.of("resend", "true")));
            action = currentForm(login, action);
        }
        sipgate.reset();
        String wrong = wrongCodeFor(sipgate.lastTo(number).orElseThrow().code());
        for (int i = 0; i < BURSTS; i++) {
            statuses.addAll(burst(login, action, Map.of("code", wrong, "login", "Sign In")));
            action = currentForm(login, action);
        }

        assertThat(statuses).as("answers to %d concurrent posts", statuses.size()).hasSize(3 * BURSTS * THREADS).doesNotContain(500);
        sleep(2000);
        List<EventRepresentation> events = eventsOf(userId, e -> "invalid_user_credentials".equals(e.getError()));
        assertThat(events.stream().filter(e -> "invalid_user_credentials".equals(e.getError())).count())
            .as("wrong entries checked").isBetween(1L, 3L);
    }
}
