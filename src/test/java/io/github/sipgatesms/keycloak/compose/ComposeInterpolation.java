package io.github.sipgatesms.keycloak.compose;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Compose's variable substitution, as Compose 1.29 applies it to a parsed file before validating it
 * ({@code compose/config/interpolation.py}): in every string value (not in keys), {@code $$} is a literal
 * {@code $}; {@code $VAR} and {@code ${VAR}} are the variable or empty; {@code ${VAR:-default}} is the default when
 * the variable is unset or empty, {@code ${VAR-default}} only when unset; {@code ${VAR:?message}} and
 * {@code ${VAR?message}} are errors when it is unset (or empty, with the colon). Any other {@code $} is an error.
 */
final class ComposeInterpolation {

    private static final Pattern VARIABLE = Pattern.compile(
        "\\$(?:(?<escaped>\\$)|(?<named>[_a-z][_a-z0-9]*)|\\{(?<braced>[_a-z][_a-z0-9]*)(?:(?<sep>:?[-?])(?<arg>[^}]*))?}|(?<invalid>))",
        Pattern.CASE_INSENSITIVE);

    private final Map<String, String> environment;

    ComposeInterpolation(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** A copy of the tree with every string value interpolated. */
    JsonNode apply(JsonNode node) {
        if (node.isString()) {
            return StringNode.valueOf(apply(node.asString()));
        }
        if (node instanceof ObjectNode object) {
            ObjectNode copy = object.objectNode();
            object.properties().forEach(entry -> copy.set(entry.getKey(), apply(entry.getValue())));
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = array.arrayNode();
            array.forEach(element -> copy.add(apply(element)));
            return copy;
        }
        return node;
    }

    String apply(String value) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement(matcher, value)));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private String replacement(Matcher matcher, String value) {
        if (matcher.group("escaped") != null) {
            return "$";
        }
        if (matcher.group("named") != null) {
            return environment.getOrDefault(matcher.group("named"), "");
        }
        if (matcher.group("braced") == null) {
            throw new IllegalArgumentException("Invalid interpolation format in \"" + value + "\"");
        }
        String name = matcher.group("braced");
        String separator = matcher.group("sep");
        String variable = environment.get(name);
        if (separator == null) {
            return variable == null ? "" : variable;
        }
        boolean missing = separator.startsWith(":") ? variable == null || variable.isEmpty() : variable == null;
        if (separator.endsWith("-")) {
            return missing ? matcher.group("arg") : variable;
        }
        if (missing) {
            throw new IllegalArgumentException("Missing mandatory value for \"" + name + "\": " + matcher.group("arg"));
        }
        return variable;
    }
}
