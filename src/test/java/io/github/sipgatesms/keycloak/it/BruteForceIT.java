package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.InjectUser;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.ManagedUser;
import org.keycloak.testframework.realm.RealmBuilder;

import io.github.sipgatesms.keycloak.it.support.ServerVersion;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;

@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("with the realm's brute-force detection on, wrong SMS codes lock the user out")
class BruteForceIT extends SmsBrowserTest {

    static final int FAILURE_FACTOR = 3;

    public static class BruteForceRealm extends SmsRealmConfig {
        @Override
        protected Map<String, String> smsConfig() {
            Map<String, String> config = super.smsConfig();
            config.put("maxAttempts", "10");
            return config;
        }

        @Override
        protected RealmBuilder realmSettings(RealmBuilder realm) {
            return realm.bruteForceProtected(true).failureFactor(FAILURE_FACTOR).permanentLockout(false)
                .maxDeltaTimeSeconds(3600)
                .update(rep -> {
                    rep.setWaitIncrementSeconds(600);
                    rep.setMaxFailureWaitSeconds(900);
                    // no quick-login lockout: this test is about counted wrong codes, not request speed
                    rep.setQuickLoginCheckMilliSeconds(1L);
                    rep.setMinimumQuickLoginWaitSeconds(1);
                });
        }
    }

    @InjectRealm(config = BruteForceRealm.class)
    ManagedRealm realm;

    @InjectUser(config = SmsLoginIT.Alice.class, ref = "alice")
    ManagedUser alice;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @AfterEach
    void clearLockout() {
        realm.admin().attackDetection().clearAllBruteForce();
        // a permanent lockout disables the user itself
        var user = alice.admin().toRepresentation();
        if (!user.isEnabled()) {
            user.setEnabled(true);
            alice.admin().update(user);
        }
    }

    @Test
    @DisplayName("failureFactor wrong codes disable the user; then even the right code is refused like a wrong one")
    void wrongCodesLockOut() {
        passwordStep("alice", "alice-pw");
        codePage.assertCurrent();
        String code = lastCode();
        String wrong = wrongCodeFor(code);

        for (int failures = 1; failures <= FAILURE_FACTOR; failures++) {
            codePage.submitCode(wrong);
            codePage.assertCurrent();
            assertThat(codePage.codeError()).contains("Invalid code");
            awaitFailures(failures);
        }
        awaitDisabled();

        codePage.submitCode(code);
        codePage.assertCurrent();
        assertThat(codePage.codeError()).contains("Invalid code");
        assertThat(driver.getCurrentUrl()).doesNotContain("code=");
    }

    @Test
    @DisplayName("Keycloak's OTP lockout (maxSecondaryAuthFailures, 26.7 on) counts wrong SMS codes; 26.5 has none")
    void otpLockoutCountsSmsCodes() {
        // one failure fewer than failureFactor, so only an OTP-specific lockout can disable alice
        int wrongCodes = FAILURE_FACTOR - 1;
        if (ServerVersion.atLeast(26, 7, 0)) {
            realm.updateWithCleanup(r -> r.update(rep -> rep.setMaxSecondaryAuthFailures(wrongCodes - 1)));
        }
        passwordStep("alice", "alice-pw");
        codePage.assertCurrent();
        String wrong = wrongCodeFor(lastCode());
        for (int failures = 1; failures <= wrongCodes; failures++) {
            codePage.submitCode(wrong);
            codePage.assertCurrent();
            awaitFailures(failures);
        }

        if (ServerVersion.atLeast(26, 7, 0)) {
            // the step reports reference category "otp", the category the OTP lockout counts
            awaitDisabled();
            assertThat(status()).containsEntry("numSecondaryAuthFailures", wrongCodes);
            assertThat(alice.admin().toRepresentation().isEnabled()).as("permanently locked").isFalse();
        } else {
            // 26.5 counts the wrong codes for failureFactor only (it has no OTP counter): below it, alice stays enabled
            sleep(1000);
            assertThat(status()).containsEntry("disabled", false).containsEntry("numFailures", wrongCodes)
                .doesNotContainKey("numSecondaryAuthFailures");
        }
    }

    private Map<String, Object> status() {
        return realm.admin().attackDetection().bruteForceUserStatus(alice.getId());
    }

    /** The protector counts asynchronously: wait for each failure before the next request. */
    private void awaitFailures(int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Object failures = status().get("numFailures");
            if (failures instanceof Number n && n.intValue() >= expected) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("brute-force protector did not count wrong code " + expected + ": " + status());
    }

    private void awaitDisabled() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (Boolean.TRUE.equals(status().get("disabled"))) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("user not disabled after the wrong codes: " + status());
    }
}
