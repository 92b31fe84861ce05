package io.github.sipgatesms.keycloak.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.Config;

/**
 * Server-wide options ({@code --spi-authenticator--sipgate-sms--<option name>} or
 * {@code KC_SPI_AUTHENTICATOR__SIPGATE_SMS__<KEY>}), one per {@link Setting}, read once when Keycloak starts.
 */
public final class ServerOptions {

    public static final ServerOptions NONE = new ServerOptions(Map.of());

    private static final Logger LOG = Logger.getLogger(ServerOptions.class);

    private final Map<String, String> values;

    /** Values by setting key (camelCase); blank values are absent. */
    public ServerOptions(Map<String, String> values) {
        Map<String, String> copy = new HashMap<>();
        values.forEach((key, value) -> {
            if (value != null && !value.isBlank()) {
                copy.put(key, value.trim());
            }
        });
        this.values = Collections.unmodifiableMap(copy);
    }

    /** Reads every setting; Keycloak's option scope is keyed by the kebab-case option name. */
    public static ServerOptions from(Config.Scope scope) {
        if (scope == null) {
            return NONE;
        }
        Map<String, String> values = new HashMap<>();
        for (Setting setting : Setting.values()) {
            String value = scope.get(setting.optionName());
            if (value == null) {
                // camelCase kept for other config sources
                value = scope.get(setting.key());
            }
            if (value != null) {
                values.put(setting.key(), value);
            }
        }
        return new ServerOptions(values);
    }

    public String get(String key) {
        return values.get(key);
    }

    public String get(Setting setting) {
        return values.get(setting.key());
    }

    public boolean allowSimulation() {
        return "true".equalsIgnoreCase(get(Setting.ALLOW_SIMULATION));
    }

    /** {@code max-concurrent-sends}: sipgate requests in flight per node. */
    public int maxConcurrentSends() {
        Setting setting = Setting.MAX_CONCURRENT_SENDS;
        int fallback = Integer.parseInt(setting.defaultValue());
        String raw = get(setting);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= setting.min() && value <= setting.max()) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warnf("sipgate-sms: server option %s = '%s' is not a number in %s; using %d.", setting.optionName(), raw,
            setting.range(), fallback);
        return fallback;
    }

    @Override
    public String toString() {
        return "ServerOptions" + values.keySet();
    }
}
