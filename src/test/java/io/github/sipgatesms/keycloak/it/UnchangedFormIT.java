package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ConfigPropertyRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.InjectUser;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.ManagedUser;

import io.github.sipgatesms.keycloak.it.support.RealmPolicy;
import io.github.sipgatesms.keycloak.it.support.SimulationServerConfig;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;

/**
 * An administrator opens the realm's "SMS (sipgate)" tab and saves it unchanged: that must not override anything the
 * server sets. Runs last (its own server, one restart), after the log scan of the shared server.
 */
@KeycloakIntegrationTest(config = SimulationServerConfig.class)
@Order(Integer.MAX_VALUE)
@DisplayName("saving the SMS tab unchanged keeps the server's settings")
class UnchangedFormIT extends SmsBrowserTest {

    @InjectRealm(config = SmsRealmConfig.class)
    ManagedRealm realm;

    @InjectUser(config = SmsLoginIT.Alice.class, ref = "alice")
    ManagedUser alice;

    @InjectAdminClient
    Keycloak admin;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    /**
     * What the admin console sends after opening the tab and pressing Save: every field at its displayed value, i.e.
     * the property's default, or an empty field (a switch without default shows and saves "false").
     */
    private Map<String, String> displayedValues() {
        Map<String, String> shown = new HashMap<>();
        List<ConfigPropertyRepresentation> form = admin.serverInfo().getInfo().getComponentTypes().get(SmsRealmConfig.POLICY_TYPE).stream()
            .filter(type -> SmsRealmConfig.POLICY_ID.equals(type.getId())).findFirst().orElseThrow().getProperties();
        assertThat(form).as("the tab's fields").isNotEmpty();
        for (ConfigPropertyRepresentation property : form) {
            Object preset = property.getDefaultValue();
            String value = preset != null ? preset.toString() : "boolean".equals(property.getType()) ? "false" : "";
            shown.put(property.getName(), value);
        }
        return shown;
    }

    private static String lastSimulatedCode() throws IOException {
        List<String> lines = Files.readAllLines(SimulationServerConfig.LOG_FILE, StandardCharsets.UTF_8);
        Pattern simulated = Pattern.compile("SIMULATION.*#(\\d+)\\s*$");
        String code = null;
        for (String line : lines) {
            Matcher matcher = simulated.matcher(line);
            if (matcher.find()) {
                code = matcher.group(1);
            }
        }
        assertThat(code).as("a SIMULATION line in " + SimulationServerConfig.LOG_FILE).isNotNull();
        return code;
    }

    @Test
    @DisplayName("server-wide code-length=8 and simulation still apply after the tab is saved unchanged")
    void unchangedDialogChangesNothing() throws IOException {
        RealmPolicy.replace(realm.admin(), displayedValues());

        passwordStep("alice", "alice-pw");
        codePage.assertCurrent();
        String code = lastSimulatedCode();
        assertThat(code).as("the server's code length").hasSize(8);
        assertThat(sipgate.requests()).as("simulation: nothing sent to sipgate").isEmpty();
        codePage.submitCode(code);
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();
    }

    @Test
    @DisplayName("the tab's simulation switch tells that the server simulates (its own state, Off, would say the opposite)")
    void simulationSwitchNamesTheServer() {
        ConfigPropertyRepresentation simulation = admin.serverInfo().getInfo().getComponentTypes().get(SmsRealmConfig.POLICY_TYPE)
            .stream().filter(type -> SmsRealmConfig.POLICY_ID.equals(type.getId())).findFirst().orElseThrow().getProperties().stream()
            .filter(p -> "simulation".equals(p.getName())).findFirst().orElseThrow();
        assertThat(simulation.getLabel()).isEqualTo("Simulation (no SMS): on for the whole server");
        assertThat(simulation.getHelpText()).startsWith("The server simulates");
        assertThat(simulation.getDefaultValue()).as("nothing pre-filled: a Save must not pin simulation in the realm").isNull();
    }
}
