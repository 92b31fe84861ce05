package io.github.sipgatesms.keycloak.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

@DisplayName("each setting declared once")
class SettingTest {

    /** The table rows of the README's "Configuration" section: first cell (a key in backticks) to the other cells. */
    private static Map<String, List<String>> readmeRows() throws IOException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Configuration");
            }
            if (inSection && line.startsWith("| `")) {
                List<String> cells = List.of(line.substring(1, line.length() - 1).split(" \\| ", -1)).stream().map(String::trim).toList();
                rows.putIfAbsent(cells.get(0).replace("`", ""), cells.subList(1, cells.size()));
            }
        }
        return rows;
    }

    private static String shownDefault(Setting setting) {
        return setting.defaultValue() == null ? "—" : "`" + setting.defaultValue() + "`";
    }

    @Test
    @DisplayName("the README's configuration table lists every execution setting with the declared default and range")
    void readmeTableMatches() throws IOException {
        Map<String, List<String>> rows = readmeRows();
        for (Setting setting : Setting.policySettings()) {
            assertThat(rows).as("README row of %s", setting.key()).containsKey(setting.key());
            List<String> cells = rows.get(setting.key());
            assertThat(cells.get(0)).as("default of %s", setting.key()).isEqualTo(shownDefault(setting));
            assertThat(cells.get(1)).as("range of %s", setting.key()).isEqualTo(setting.range());
        }
    }

    @Test
    @DisplayName("the README's server-only options show the declared option names and defaults")
    void readmeServerOnlyOptions() throws IOException {
        Map<String, List<String>> rows = readmeRows();
        for (Setting setting : Setting.values()) {
            if (setting.serverOnly()) {
                assertThat(rows).as("README row of %s", setting.optionName()).containsKey(setting.optionName());
                assertThat(rows.get(setting.optionName()).get(0)).isEqualTo(shownDefault(setting));
            }
        }
    }

    @Test
    @DisplayName("the README names no setting that is not declared")
    void readmeNamesNothingElse() throws IOException {
        List<String> declared = Arrays.stream(Setting.values()).flatMap(s -> Stream.of(s.key(), s.optionName()))
            .toList();
        assertThat(readmeRows().keySet()).allSatisfy(key -> assertThat(declared).contains(key));
    }

    @Test
    @DisplayName("the step's admin form pre-fills nothing (a saved default would pin itself over a server option) and names the default")
    void formPrefillsNothing() {
        List<ProviderConfigProperty> form = Setting.policyForm(false);
        assertThat(form).extracting(ProviderConfigProperty::getName)
            .containsExactlyElementsOf(Setting.policySettings().stream().map(Setting::key).toList());
        assertThat(form).allSatisfy(property -> assertThat(property.getDefaultValue()).as(property.getName()).isNull());
        assertThat(form).filteredOn(p -> "codeLength".equals(p.getName())).singleElement()
            .satisfies(p -> assertThat(p.getHelpText()).contains("code-length").contains("6").contains("10"));
        assertThat(form).filteredOn(ProviderConfigProperty::isSecret).extracting(ProviderConfigProperty::getName).containsExactly("sipgateToken");
    }

    @Test
    @DisplayName("a simulating server: the simulation switch says 'on for the whole server' (its own state would show Off), "
        + "still pre-filling nothing")
    void serverSimulationShown() {
        assertThat(Setting.policyForm(true)).filteredOn(p -> "simulation".equals(p.getName())).singleElement().satisfies(p -> {
            assertThat(p.getLabel()).isEqualTo("Simulation (no SMS): on for the whole server");
            assertThat(p.getHelpText()).startsWith("The server simulates").contains("whatever this switch shows");
            assertThat(p.getDefaultValue()).isNull();
        });
        assertThat(Setting.policyForm(false)).filteredOn(p -> "simulation".equals(p.getName())).singleElement()
            .satisfies(p -> assertThat(p.getLabel()).isEqualTo("Simulation (no SMS)"));
        assertThat(Setting.policyForm(true)).filteredOn(p -> !"simulation".equals(p.getName()))
            .usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(
                Setting.policyForm(false).stream().filter(p -> !"simulation".equals(p.getName())).toList());
    }

    @Test
    @DisplayName("every setting, server-only ones included, is a server option in kebab-case")
    void serverForm() {
        assertThat(Setting.serverForm()).extracting(ProviderConfigProperty::getName)
            .contains("sipgate-token-id", "code-length", "max-sms-per-realm-per-hour", "allow-simulation", "max-concurrent-sends")
            .hasSize(Setting.values().length);
    }

    @Test
    @DisplayName("integer ranges in the docs are the declared bounds (SmsConfigTest: the parser clamps to them)")
    void rangesAreBounds() {
        for (Setting setting : Setting.policySettings()) {
            if (setting.max() > 0) {
                assertThat(setting.range()).startsWith(setting.min() + ".." + setting.max());
            }
        }
    }
}
