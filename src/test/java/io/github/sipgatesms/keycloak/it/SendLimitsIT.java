package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

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

@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("cluster-wide send limits (Keycloak's single-use store) on a real server")
class SendLimitsIT extends SmsBrowserTest {

    private static final String TOO_MANY = "Too many codes were requested. Please try again in ";

    @InjectRealm(config = SmsRealmConfig.class)
    ManagedRealm realm;

    @InjectEvents
    Events events;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    /** Events of the running test seen so far (polling consumes them). */
    private final List<EventRepresentation> seen = new ArrayList<>();

    private EventRepresentation limitEvent(String userId) {
        if (seen.stream().noneMatch(e -> "sipgate_sms_limit".equals(e.getError()) && userId.equals(e.getUserId()))) {
            seen.addAll(awaitEvents(events, e -> "sipgate_sms_limit".equals(e.getError()) && userId.equals(e.getUserId())));
        }
        return seen.stream().filter(e -> "sipgate_sms_limit".equals(e.getError()) && userId.equals(e.getUserId()))
            .findFirst().orElseThrow(() -> new AssertionError("no limit event for " + userId + " in " + seen));
    }

    @Test
    @DisplayName("the per-user hourly cap fires at its cap and not before, across new logins; resend sends nothing either")
    void perUserCap() {
        policy(Map.of("maxSmsPerUserPerHour", "2"));
        String number = freshNumber();
        String userId = newUser("capped", number);

        for (int login = 1; login <= 2; login++) {
            FormLogin.Page page = new FormLogin().toCodePage(oauth, "capped", PASSWORD);
            assertThat(page.isCodePage()).isTrue();
            assertThat(sipgate.sentTo(number)).as("SMS after login %d", login).hasSize(login);
        }
        FormLogin third = new FormLogin();
        FormLogin.Page refused = third.toCodePage(oauth, "capped", PASSWORD);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.messages()).contains(TOO_MANY + "60 minutes");
        assertThat(refused.body()).doesNotContain(number.substring(3)).doesNotContain("user_hourly");
        assertThat(third.resend(refused).messages()).contains(TOO_MANY);
        assertThat(sipgate.sentTo(number)).hasSize(2);

        EventRepresentation event = limitEvent(userId);
        assertThat(detail(event, "sipgate_sms_limit")).isEqualTo("user_hourly");
        assertThat(detail(event, "sipgate_sms_outcome")).isEqualTo("limit");
        assertThat(detail(event, "sipgate_sms_phone")).isEqualTo("+49 ••• ••• " + number.substring(number.length() - 4));
    }

    @Test
    @DisplayName("the per-number cap counts every user of a number; its page is the same as the per-user limit's")
    void perNumberCapLooksLikePerUser() {
        policy(Map.of("maxSmsPerUserPerHour", "1", "maxSmsPerNumberPerHour", "2"));
        String own = freshNumber();
        String dave = newUser("dave", own);
        assertThat(new FormLogin().toCodePage(oauth, "dave", PASSWORD).isCodePage()).isTrue();
        FormLogin.Page byUser = new FormLogin().toCodePage(oauth, "dave", PASSWORD);

        String shared = freshNumber();
        newUser("erin", shared);
        newUser("frank", shared);
        String gina = newUser("gina", shared);
        assertThat(new FormLogin().toCodePage(oauth, "erin", PASSWORD).messages()).doesNotContain(TOO_MANY);
        assertThat(new FormLogin().toCodePage(oauth, "frank", PASSWORD).messages()).doesNotContain(TOO_MANY);
        FormLogin.Page byNumber = new FormLogin().toCodePage(oauth, "gina", PASSWORD);

        assertThat(sipgate.sentTo(own)).hasSize(1);
        assertThat(sipgate.sentTo(shared)).hasSize(2);
        assertThat(byNumber.status()).isEqualTo(byUser.status());
        assertThat(byNumber.messages()).contains(TOO_MANY).isEqualTo(byUser.messages());
        assertThat(detail(limitEvent(dave), "sipgate_sms_limit")).isEqualTo("user_hourly");
        assertThat(detail(limitEvent(gina), "sipgate_sms_limit")).isEqualTo("number_hourly");
    }

    @Test
    @DisplayName("a new login inside the cooldown of the user's last SMS sends nothing and says how long to wait")
    void cooldownAcrossLogins() {
        policy(Map.of("resendCooldownSeconds", "120"));
        String number = freshNumber();
        String userId = newUser("cooling", number);
        assertThat(new FormLogin().toCodePage(oauth, "cooling", PASSWORD).isCodePage()).isTrue();
        FormLogin.Page second = new FormLogin().toCodePage(oauth, "cooling", PASSWORD);
        assertThat(second.messages()).containsPattern("Please wait 1[0-2]\\d seconds");
        assertThat(sipgate.sentTo(number)).hasSize(1);
        assertThat(detail(limitEvent(userId), "sipgate_sms_limit")).isEqualTo("user_cooldown");
    }

    @Test
    @DisplayName("10 logins of one user at the same moment never get more SMS than the cap of 3")
    void concurrentLogins() throws Exception {
        policy(Map.of("maxSmsPerUserPerHour", "3"));
        String number = freshNumber();
        newUser("racer", number);
        List<FormLogin> logins = new ArrayList<>();
        List<FormLogin.Page> loginPages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            FormLogin login = new FormLogin();
            logins.add(login);
            loginPages.add(login.open(oauth));
        }
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<FormLogin.Page>> pages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            FormLogin login = logins.get(i);
            FormLogin.Page loginPage = loginPages.get(i);
            pages.add(pool.submit(() -> {
                start.await();
                return login.password(loginPage, "racer", PASSWORD);
            }));
        }
        start.countDown();
        int refused = 0;
        for (Future<FormLogin.Page> page : pages) {
            FormLogin.Page result = page.get();
            assertThat(result.status()).isEqualTo(200);
            refused += result.messages().contains(TOO_MANY) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(sipgate.sentTo(number)).hasSize(3);
        assertThat(refused).isEqualTo(7);
    }
}
