package io.github.sipgatesms.keycloak.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import org.keycloak.Config;

/**
 * Server-wide options ({@code --spi-authenticator--sipgate-sms--<kebab-key>} or
 * {@code KC_SPI_AUTHENTICATOR__SIPGATE_SMS__<KEY>}), read once at factory init.
 */
public final class ServerOptions {

    public static final ServerOptions NONE = new ServerOptions(Map.of(), false);

    private final Map<String, String> values;
    private final boolean allowSimulation;

    public ServerOptions(Map<String, String> values, boolean allowSimulation) {
        this.values = Collections.unmodifiableMap(new HashMap<>(values));
        this.allowSimulation = allowSimulation;
    }

    /** Reads every contract key; Keycloak's scope maps camelCase names to the kebab-case options. */
    public static ServerOptions from(Config.Scope scope) {
        if (scope == null) {
            return NONE;
        }
        Map<String, String> values = new HashMap<>();
        for (String key : ConfigKeys.ALL) {
            // Keycloak's option scope is keyed by the kebab-case option name; camelCase kept for other config sources
            String value = scope.get(kebab(key));
            if (value == null) {
                value = scope.get(key);
            }
            if (value != null && !value.isBlank()) {
                values.put(key, value.trim());
            }
        }
        String allow = scope.get(kebab(ConfigKeys.ALLOW_SIMULATION));
        if (allow == null) {
            allow = scope.get(ConfigKeys.ALLOW_SIMULATION);
        }
        return new ServerOptions(values, allow != null && "true".equalsIgnoreCase(allow.trim()));
    }

    /** {@code sipgateTokenId} becomes {@code sipgate-token-id}. */
    public static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    public String get(String key) {
        return values.get(key);
    }

    public boolean allowSimulation() {
        return allowSimulation;
    }

    @Override
    public String toString() {
        return "ServerOptions" + values.keySet() + (allowSimulation ? " allowSimulation" : "");
    }
}
