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
    private final int maxConcurrentSends;

    public ServerOptions(Map<String, String> values, boolean allowSimulation) {
        this(values, allowSimulation, ConfigKeys.DEFAULT_MAX_CONCURRENT_SENDS);
    }

    public ServerOptions(Map<String, String> values, boolean allowSimulation, int maxConcurrentSends) {
        this.values = Collections.unmodifiableMap(new HashMap<>(values));
        this.allowSimulation = allowSimulation;
        this.maxConcurrentSends = maxConcurrentSends;
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
        return new ServerOptions(values, allow != null && "true".equalsIgnoreCase(allow.trim()),
            maxConcurrentSends(scope.get(kebab(ConfigKeys.MAX_CONCURRENT_SENDS))));
    }

    private static int maxConcurrentSends(String raw) {
        if (raw == null || raw.isBlank()) {
            return ConfigKeys.DEFAULT_MAX_CONCURRENT_SENDS;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= 1 && value <= 1000) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        org.jboss.logging.Logger.getLogger(ServerOptions.class).warnf("sipgate-sms: server option max-concurrent-sends = '%s' "
            + "is not a number in 1..1000; using %d.", raw, ConfigKeys.DEFAULT_MAX_CONCURRENT_SENDS);
        return ConfigKeys.DEFAULT_MAX_CONCURRENT_SENDS;
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

    /** {@code max-concurrent-sends}: sipgate requests in flight per node and provider. */
    public int maxConcurrentSends() {
        return maxConcurrentSends;
    }

    @Override
    public String toString() {
        return "ServerOptions" + values.keySet() + (allowSimulation ? " allowSimulation" : "");
    }
}
