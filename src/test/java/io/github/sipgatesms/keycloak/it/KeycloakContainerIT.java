package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import io.github.sipgatesms.keycloak.it.support.FormLogin;

/**
 * The happy path of the main integration test, in the official Keycloak image with the built jar and the demo realm,
 * through testcontainers-keycloak. The container cannot reach a fake sipgate on the host over loopback, so the
 * server allows simulation and the test reads the code from the container log (the SIMULATION line). Runs where
 * Docker exists; skipped cleanly where it does not (this build machine).
 */
@Testcontainers(disabledWithoutDocker = true)
@DisplayName("in the official Keycloak image (Testcontainers; needs Docker)")
class KeycloakContainerIT {

    @Container
    static final KeycloakContainer KEYCLOAK = new KeycloakContainer("quay.io/keycloak/keycloak:26.7.3")
        .withProviderLibsFrom(List.of(new File("target/keycloak-sipgate-sms.jar")))
        .withRealmImportFile("demo/realm-demo.json")
        .withFeaturesEnabled("declarative-ui")
        .withEnv("KC_SPI_AUTHENTICATOR__SIPGATE_SMS__ALLOW_SIMULATION", "true")
        .withEnv("KC_SPI_AUTHENTICATOR__SIPGATE_SMS__SIMULATION", "true");

    @Test
    @DisplayName("the demo user logs in with password and the SMS code")
    void logsIn() {
        String base = KEYCLOAK.getAuthServerUrl().replaceAll("/$", "");
        String redirect = base + "/realms/demo/account/";
        FormLogin login = new FormLogin(base + "/");
        FormLogin.Page page = login.password(login.get(base + "/realms/demo/protocol/openid-connect/auth?client_id=account-console"
            + "&response_type=code&scope=openid&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
            + "&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8)), "demo", "demo");
        assertThat(page.isCodePage()).isTrue();

        Matcher code = Pattern.compile("SIMULATION.*#(\\d{6,10})", Pattern.DOTALL).matcher(KEYCLOAK.getLogs());
        String last = null;
        while (code.find()) {
            last = code.group(1);
        }
        assertThat(last).as("code in the SIMULATION log line").isNotNull();
        FormLogin.Page done = login.submitCode(page, last);
        assertThat(done.status()).isEqualTo(302);
        assertThat(done.location()).startsWith(redirect).contains("code=");
    }
}
