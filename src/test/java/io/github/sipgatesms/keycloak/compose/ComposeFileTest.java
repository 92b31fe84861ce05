package io.github.sipgatesms.keycloak.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.BasicDialectRegistry;
import com.networknt.schema.dialect.Dialects;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * docker-compose.yml is valid for current Compose (the compose-spec schema) and for Compose 1.29 (Debian's
 * docker-compose, whose bundled schema knows nothing newer), after Compose's variable substitution with no
 * variables set (every {@code ${VAR:-default}} takes its default). Schemas: src/test/resources/compose/README.md.
 */
@DisplayName("docker-compose.yml")
class ComposeFileTest {

    private static final Path COMPOSE_FILE = Path.of("docker-compose.yml");
    /** compose-spec declares draft-07, and current Compose validates it as such. */
    private static final Schema CURRENT = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
        .getSchema(resource("compose-spec.json"));
    /**
     * Compose 1.29's schema declares 2019-09, but Compose 1.29 validates with jsonschema's Draft4Validator, whatever it
     * declares, and asserts only its own formats ports, expose and subnet_ip_address (not the schema's "duration": "10s"
     * is no ISO 8601 duration). Those three are not checked here.
     */
    private static final Schema COMPOSE_1_29 = SchemaRegistry.builder()
        .defaultDialectId(Dialects.getDraft4().getId())
        .dialectRegistry(new BasicDialectRegistry(declared -> Dialects.getDraft4()))
        .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(false).build())
        .build()
        .getSchema(resource("compose-1.29-compose_spec.json"));

    @Test
    @DisplayName("is valid for current Compose")
    void validForCurrentCompose() {
        assertThat(errors(CURRENT, composeFile())).isEmpty();
    }

    @Test
    @DisplayName("is valid for Compose 1.29")
    void validForCompose129() {
        assertThat(errors(COMPOSE_1_29, composeFile())).isEmpty();
    }

    @Test
    @DisplayName("a healthcheck start_interval is refused by Compose 1.29, accepted by current Compose")
    void startInterval() {
        JsonNode mutated = composeFile();
        keycloak(mutated).withObjectProperty("healthcheck").put("start_interval", "5s");

        assertThat(errors(CURRENT, mutated)).isEmpty();
        assertThat(errors(COMPOSE_1_29, mutated)).anySatisfy(error -> assertThat(error).contains("start_interval"));
    }

    @Test
    @DisplayName("depends_on with required: is refused by Compose 1.29, accepted by current Compose")
    void dependsOnRequired() {
        JsonNode mutated = composeFile();
        ((ObjectNode) mutated.get("services")).putObject("db").put("image", "postgres:17");
        keycloak(mutated).putObject("depends_on").putObject("db").put("condition", "service_started").put("required", false);

        assertThat(errors(CURRENT, mutated)).isEmpty();
        assertThat(errors(COMPOSE_1_29, mutated))
            .anySatisfy(error -> assertThat(error).contains("depends_on/db").contains("property 'required' is not defined"));
    }

    @Test
    @DisplayName("an unknown top-level key is refused by both")
    void unknownTopLevelKey() {
        JsonNode mutated = composeFile();
        ((ObjectNode) mutated).set("servics", mutated.get("services"));

        assertThat(errors(CURRENT, mutated)).anySatisfy(error -> assertThat(error).contains("servics"));
        assertThat(errors(COMPOSE_1_29, mutated)).anySatisfy(error -> assertThat(error).contains("servics"));
    }

    @Test
    @DisplayName("a value of the wrong type is refused by both")
    void wrongType() {
        JsonNode mutated = composeFile();
        keycloak(mutated).put("ports", 8080);

        assertThat(errors(CURRENT, mutated)).anySatisfy(error -> assertThat(error).contains("ports"));
        assertThat(errors(COMPOSE_1_29, mutated)).anySatisfy(error -> assertThat(error).contains("ports"));
    }

    @Test
    @DisplayName("is validated after variable substitution: defaults applied, $$ is a literal $")
    void interpolatedBeforeValidation() {
        JsonNode keycloak = composeFile().at("/services/keycloak");

        assertThat(keycloak.at("/environment/SIPGATE_SMS_ID").asString()).isEqualTo("s0");
        assertThat(keycloak.at("/environment/SIPGATE_TOKEN").asString()).isEmpty();
        assertThat(keycloak.at("/command/0").asString()).contains("\"$SIPGATE_TOKEN_ID\"").doesNotContain("$$");
    }

    @Test
    @DisplayName("substitution follows Compose: set, unset, empty, mandatory and invalid variables")
    void interpolation() {
        ComposeInterpolation interpolation = new ComposeInterpolation(Map.of("SET", "value", "EMPTY", ""));

        assertThat(interpolation.apply("$SET ${SET} ${UNSET} ${SET:-d} ${EMPTY:-d} ${EMPTY-d} ${UNSET-d} $$SET"))
            .isEqualTo("value value  value d  d $SET");
        assertThat(interpolation.apply("${SET:?needed} ${EMPTY?needed}")).isEqualTo("value ");
        assertThatThrownBy(() -> interpolation.apply("${EMPTY:?needed}")).hasMessageContaining("EMPTY").hasMessageContaining("needed");
        assertThatThrownBy(() -> interpolation.apply("${UNSET?needed}")).hasMessageContaining("UNSET");
        assertThatThrownBy(() -> interpolation.apply("${SET")).hasMessageContaining("Invalid interpolation format");
        assertThatThrownBy(() -> interpolation.apply("cost: 5$")).hasMessageContaining("Invalid interpolation format");
    }

    /** docker-compose.yml, parsed and interpolated with no variables set. */
    private static JsonNode composeFile() {
        return new ComposeInterpolation(Map.of()).apply(new YAMLMapper().readTree(COMPOSE_FILE));
    }

    private static ObjectNode keycloak(JsonNode composeFile) {
        return (ObjectNode) composeFile.at("/services/keycloak");
    }

    private static List<String> errors(Schema schema, JsonNode instance) {
        return schema.validate(instance).stream().map(Error::toString).toList();
    }

    /** A schema in src/test/resources/compose/, by its classpath location (its relative $id resolves against it). */
    private static SchemaLocation resource(String name) {
        return SchemaLocation.of("classpath:compose/" + name);
    }
}
