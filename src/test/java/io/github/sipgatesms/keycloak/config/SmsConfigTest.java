package io.github.sipgatesms.keycloak.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("execution config")
class SmsConfigTest {

    private static SmsConfig exec(Map<String, String> values) {
        return SmsConfig.of(values, ServerOptions.NONE);
    }

    @Nested
    @DisplayName("given no config at all, then")
    class NoConfig {

        @Test
        @DisplayName("every key has the contract's default")
        void defaults() {
            SmsConfig config = SmsConfig.of((Map<String, String>) null, null);
            assertThat(config.baseUrl()).isEqualTo("https://api.sipgate.com/v2");
            assertThat(config.tokenId()).isNull();
            assertThat(config.token()).isNull();
            assertThat(config.hasCredentials()).isFalse();
            assertThat(config.smsId()).isEqualTo("s0");
            assertThat(config.codeLength()).isEqualTo(6);
            assertThat(config.codeTtlSeconds()).isEqualTo(300);
            assertThat(config.maxAttempts()).isEqualTo(5);
            assertThat(config.resendCooldownSeconds()).isEqualTo(30);
            assertThat(config.maxSmsPerUserPerHour()).isEqualTo(5);
            assertThat(config.maxSmsPerNumberPerHour()).isEqualTo(5);
            assertThat(config.maxSmsPerRealmPerHour()).isEqualTo(500);
            assertThat(config.allowedRegions()).isEmpty();
            assertThat(config.phoneAttribute()).isEqualTo("phoneNumber");
            assertThat(config.defaultRegion()).isEqualTo("DE");
            assertThat(config.simulation()).isFalse();
        }

        @Test
        @DisplayName("an empty policy is the same as none")
        void emptyPolicy() {
            assertThat(SmsConfig.of(Map.of(), ServerOptions.NONE).codeLength()).isEqualTo(6);
        }
    }

    @Nested
    @DisplayName("given values out of range or unparsable, then")
    class Bounds {

        @ParameterizedTest(name = "{0}={1} -> {2}")
        @CsvSource({
            "codeLength, 4, 6", "codeLength, 12, 10", "codeLength, 8, 8", "codeLength, abc, 6",
            "codeTtlSeconds, 5, 10", "codeTtlSeconds, 3600, 600", "codeTtlSeconds, 120, 120",
            "maxAttempts, 0, 1", "maxAttempts, 99, 10",
            "resendCooldownSeconds, -1, 0", "resendCooldownSeconds, 9999, 3600", "resendCooldownSeconds, 0, 0",
            "maxSmsPerUserPerHour, 0, 1", "maxSmsPerNumberPerHour, 2000000, 1000000", "maxSmsPerRealmPerHour, ' 42 ', 42"
        })
        void clamped(String key, String value, int expected) {
            SmsConfig config = exec(Map.of(key, value));
            int actual = switch (key) {
                case "codeLength" -> config.codeLength();
                case "codeTtlSeconds" -> config.codeTtlSeconds();
                case "maxAttempts" -> config.maxAttempts();
                case "resendCooldownSeconds" -> config.resendCooldownSeconds();
                case "maxSmsPerUserPerHour" -> config.maxSmsPerUserPerHour();
                case "maxSmsPerNumberPerHour" -> config.maxSmsPerNumberPerHour();
                default -> config.maxSmsPerRealmPerHour();
            };
            assertThat(actual).isEqualTo(expected);
        }

        @ParameterizedTest(name = "base URL {0} -> {1}")
        @CsvSource({
            "https://api.sipgate.com/v2/, https://api.sipgate.com/v2",
            "http://127.0.0.1:8089/v2, http://127.0.0.1:8089/v2",
            "http://localhost:1/v2, http://localhost:1/v2",
            "http://evil.example.com/v2, https://api.sipgate.com/v2",
            "ftp://api.sipgate.com, https://api.sipgate.com/v2",
            "not a url, https://api.sipgate.com/v2",
            "http://127.attacker.example/v2, https://api.sipgate.com/v2",
            "http://127.0.0.1.attacker.example/v2, https://api.sipgate.com/v2",
            "http://[::1]:8089/v2, http://[::1]:8089/v2",
            "http://127.1.2.3:8089/v2, http://127.1.2.3:8089/v2",
            "https://user:pw@api.sipgate.com/v2, https://api.sipgate.com/v2",
            "https://api.example.com/v2?x=1, https://api.sipgate.com/v2",
            "https://api.example.com/v2#frag, https://api.sipgate.com/v2"
        })
        void baseUrl(String raw, String expected) {
            Map<String, String> values = new HashMap<>(credentials());
            values.put("sipgateBaseUrl", raw);
            assertThat(exec(values).baseUrl()).isEqualTo(expected);
        }

        @Test
        @DisplayName("regions are upper-cased, invalid entries dropped; bad smsId, region and attribute fall back")
        void strings() {
            SmsConfig config = exec(Map.of("allowedRegions", "de, at;ch,XYZ", "sipgateSmsId", "x1",
                "defaultRegion", "germany", "phoneAttribute", "bad attr!"));
            assertThat(config.allowedRegions()).containsExactlyInAnyOrder("DE", "AT", "CH");
            assertThat(config.smsId()).isEqualTo("s0");
            assertThat(config.defaultRegion()).isEqualTo("DE");
            assertThat(config.phoneAttribute()).isEqualTo("phoneNumber");
            assertThat(exec(Map.of("defaultRegion", "at", "sipgateSmsId", "s12")).defaultRegion()).isEqualTo("AT");
        }
    }

    @Nested
    @DisplayName("given server-wide options, then")
    class Server {

        private final ServerOptions server = new ServerOptions(Map.of(
            "sipgateTokenId", "token-SRV001", "sipgateToken", "server-secret",
            "sipgateBaseUrl", "http://127.0.0.1:7000/v2", "codeLength", "8"));

        @Test
        @DisplayName("the execution wins over the server, the server over the default")
        void precedence() {
            assertThat(SmsConfig.of(Map.of(), server).codeLength()).isEqualTo(8);
            assertThat(SmsConfig.of(Map.of("codeLength", "7"), server).codeLength()).isEqualTo(7);
            assertThat(SmsConfig.of(Map.of("codeLength", " "), server).codeLength()).isEqualTo(8);
        }

        @Test
        @DisplayName("server credentials always go to the server's base URL, never to the execution's")
        void serverTokenStaysWithServerUrl() {
            SmsConfig config = SmsConfig.of(Map.of("sipgateBaseUrl", "http://127.0.0.1:6666/steal"), server);
            assertThat(config.credentialsFromServer()).isTrue();
            assertThat(config.token()).isEqualTo("server-secret");
            assertThat(config.baseUrl()).isEqualTo("http://127.0.0.1:7000/v2");
        }

        @Test
        @DisplayName("server credentials with no server base URL go to sipgate's default")
        void serverTokenDefaultUrl() {
            ServerOptions onlyToken = new ServerOptions(Map.of("sipgateTokenId", "token-SRV001", "sipgateToken", "s"));
            assertThat(SmsConfig.of(Map.of("sipgateBaseUrl", "http://127.0.0.1:6666/v2"), onlyToken).baseUrl())
                .isEqualTo("https://api.sipgate.com/v2");
        }

        @Test
        @DisplayName("an execution with both credentials uses its own base URL")
        void executionCredentials() {
            Map<String, String> values = new HashMap<>(credentials());
            values.put("sipgateBaseUrl", "http://127.0.0.1:6000/v2");
            SmsConfig config = SmsConfig.of(values, server);
            assertThat(config.credentialsFromServer()).isFalse();
            assertThat(config.tokenId()).isEqualTo("token-EXE001");
            assertThat(config.baseUrl()).isEqualTo("http://127.0.0.1:6000/v2");
        }

        @Test
        @DisplayName("half the credentials in the execution: both come from the server")
        void halfCredentials() {
            SmsConfig config = SmsConfig.of(Map.of("sipgateTokenId", "token-EXE001"), server);
            assertThat(config.tokenId()).isEqualTo("token-SRV001");
            assertThat(config.credentialsFromServer()).isTrue();
        }

        @Test
        @DisplayName("simulation is honoured only when the server allows it")
        void simulationNeedsServerPermission() {
            ServerOptions allows = new ServerOptions(Map.of("allowSimulation", "true"));
            ServerOptions allowsAndSimulates = new ServerOptions(Map.of("allowSimulation", "true", "simulation", "true"));
            assertThat(SmsConfig.of(Map.of("simulation", "true"), ServerOptions.NONE).simulation()).isFalse();
            assertThat(SmsConfig.of(Map.of("simulation", "true"), allows).simulation()).isTrue();
            assertThat(SmsConfig.of(Map.of(), allowsAndSimulates).simulation()).isTrue();
            assertThat(SmsConfig.of(Map.of(), new ServerOptions(Map.of("simulation", "true"))).simulation()).isFalse();
        }

        @Test
        @DisplayName("an execution's simulation=false (an untouched admin-console switch) never overrides the server's simulation")
        void simulationFalseDoesNotOverride() {
            ServerOptions allowsAndSimulates = new ServerOptions(Map.of("allowSimulation", "true", "simulation", "true"));
            assertThat(SmsConfig.of(Map.of("simulation", "false"), allowsAndSimulates).simulation()).isTrue();
        }

        @Test
        @DisplayName("where the credentials come from: the execution, the server, or nowhere (then 'none', not 'server')")
        void credentialSource() {
            assertThat(SmsConfig.of(Map.of(), server).credentials()).isEqualTo(SmsConfig.Credentials.SERVER);
            assertThat(SmsConfig.of(credentials(), server).credentials()).isEqualTo(SmsConfig.Credentials.REALM);
            assertThat(SmsConfig.of(Map.of(), ServerOptions.NONE).credentials()).isEqualTo(SmsConfig.Credentials.NONE);
            assertThat(SmsConfig.of(Map.of(), ServerOptions.NONE).credentials().label()).isEqualTo("none");
            assertThat(SmsConfig.of(Map.of("sipgateToken", "only-half"), ServerOptions.NONE).hasCredentials()).isFalse();
        }
    }

    @Test
    @DisplayName("toString never shows the token")
    void noSecretInToString() {
        assertThat(exec(credentials()).toString()).doesNotContain("exec-secret").contains("token=***");
    }

    @Test
    @DisplayName("server options are named in kebab-case")
    void kebabNames() {
        assertThat(Setting.SIPGATE_TOKEN_ID.optionName()).isEqualTo("sipgate-token-id");
        assertThat(Setting.MAX_SMS_PER_USER_PER_HOUR.optionName()).isEqualTo("max-sms-per-user-per-hour");
        assertThat(Setting.ALLOW_SIMULATION.optionName()).isEqualTo("allow-simulation");
    }

    private static Map<String, String> credentials() {
        return Map.of("sipgateTokenId", "token-EXE001", "sipgateToken", "exec-secret");
    }
    @Nested
    @DisplayName("where the server's credentials pay (SECURITY.md 43)")
    class ServerPays {

        private final ServerOptions server = new ServerOptions(Map.of("sipgateTokenId", "token-ABC123", "sipgateToken", "secret",
            "maxSmsPerRealmPerHour", "200", "allowedRegions", "DE,AT"));

        @Test
        @DisplayName("a policy lowers the server's caps, never raises them (an unset server cap is the default's)")
        void capsAtMostTheServers() {
            SmsConfig lower = SmsConfig.of(Map.of("maxSmsPerRealmPerHour", "50", "maxSmsPerUserPerHour", "2"), server);
            assertThat(lower.maxSmsPerRealmPerHour()).isEqualTo(50);
            assertThat(lower.maxSmsPerUserPerHour()).isEqualTo(2);
            SmsConfig higher = SmsConfig.of(Map.of("maxSmsPerRealmPerHour", "5000", "maxSmsPerUserPerHour", "50",
                "maxSmsPerNumberPerHour", "50", "maxSmsPerAddressPerHour", "100"), server);
            assertThat(higher.credentialsFromServer()).isTrue();
            assertThat(higher.maxSmsPerRealmPerHour()).isEqualTo(200);
            assertThat(higher.maxSmsPerUserPerHour()).isEqualTo(5);
            assertThat(higher.maxSmsPerNumberPerHour()).isEqualTo(5);
            assertThat(higher.maxSmsPerAddressPerHour()).isEqualTo(10);
        }

        @Test
        @DisplayName("a policy narrows the server's regions, never widens them")
        void regionsWithinTheServers() {
            assertThat(SmsConfig.of(Map.of("allowedRegions", "DE"), server).allowedRegions()).containsExactly("DE");
            assertThat(SmsConfig.of(Map.of("allowedRegions", "DE,FR"), server).allowedRegions()).containsExactly("DE");
            assertThat(SmsConfig.of(Map.of("allowedRegions", "FR"), server).allowedRegions()).containsExactlyInAnyOrder("DE", "AT");
            assertThat(SmsConfig.of(Map.of(), server).allowedRegions()).containsExactlyInAnyOrder("DE", "AT");
        }

        @Test
        @DisplayName("a realm paying with its own credentials sets its own caps and regions")
        void ownCredentialsOwnCaps() {
            SmsConfig own = SmsConfig.of(Map.of("sipgateTokenId", "token-XYZ789", "sipgateToken", "own", "maxSmsPerRealmPerHour", "5000",
                "allowedRegions", "FR"), server);
            assertThat(own.credentialsFromServer()).isFalse();
            assertThat(own.maxSmsPerRealmPerHour()).isEqualTo(5000);
            assertThat(own.allowedRegions()).containsExactly("FR");
        }
    }
}
