package io.github.sipgatesms.keycloak.config;

import static io.github.sipgatesms.keycloak.config.Setting.ALLOWED_REGIONS;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

/**
 * Where {@link SmsConfig} looks a setting up: the realm SMS policy, then the server options; a value out of range or
 * malformed is replaced with a WARN that names the key; where the server's credentials pay, a cap or the regions are
 * held within the server's (SECURITY.md 43).
 */
record Source(Map<String, String> policy, ServerOptions server, Consumer<String> ceilingWarnings) {

    private static final Logger LOG = Logger.getLogger(Source.class);


    String raw(Setting setting) {
        String value = SmsConfig.blankToNull(policy.get(setting.key()));
        return value != null ? value : server.get(setting);
    }

    String matching(Setting setting, Pattern pattern) {
        String raw = raw(setting);
        if (raw == null) {
            return setting.defaultValue();
        }
        if (pattern.matcher(raw).matches()) {
            return raw;
        }
        LOG.warnf("sipgate-sms: '%s' has an invalid value; using the default '%s'.", setting.key(), setting.defaultValue());
        return setting.defaultValue();
    }

    /** A cap of the policy; where the server pays, at most the server's (its option, else the default). */
    int cap(Setting setting, boolean serverPays) {
        int value = integer(setting);
        if (!serverPays) {
            return value;
        }
        int ceiling = new Source(Map.of(), server, ceilingWarnings).integer(setting);
        if (value <= ceiling) {
            return value;
        }
        ceilingWarnings.accept(String.format("sipgate-sms: '%s' = %d of the realm SMS policy is above the server's %d, whose "
            + "credentials pay for the SMS; using %d. Raise the server option %s to allow more.", setting.key(), value, ceiling, ceiling,
            setting.optionName()));
        return ceiling;
    }

    /** The policy's regions; where the server pays and names regions, only those of them (all of them if none is). */
    Set<String> regions(boolean serverPays) {
        Set<String> wanted = Values.regions(raw(ALLOWED_REGIONS));
        Set<String> servers = serverPays ? Values.regions(server.get(ALLOWED_REGIONS)) : Set.of();
        if (servers.isEmpty() || servers.containsAll(wanted) && !wanted.isEmpty()) {
            return wanted.isEmpty() ? servers : wanted;
        }
        Set<String> within = new TreeSet<>(wanted);
        within.retainAll(servers);
        Set<String> result = within.isEmpty() ? servers : Set.copyOf(within);
        ceilingWarnings.accept(String.format("sipgate-sms: '%s' of the realm SMS policy (%s) goes beyond the server's %s, whose "
            + "credentials pay for the SMS; using %s. Set the server option %s to allow more.", ALLOWED_REGIONS.key(),
            wanted.isEmpty() ? "any" : wanted, servers, result, ALLOWED_REGIONS.optionName()));
        return result;
    }

    int integer(Setting setting) {
        int fallback = Integer.parseInt(setting.defaultValue());
        String raw = raw(setting);
        if (raw == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            LOG.warnf("sipgate-sms: '%s' is not a whole number; using the default %d.", setting.key(), fallback);
            return fallback;
        }
        if (value < setting.min() || value > setting.max()) {
            long clamped = Math.max(setting.min(), Math.min(setting.max(), value));
            LOG.warnf("sipgate-sms: '%s' = %d is outside %d..%d; using %d.", setting.key(), value, setting.min(), setting.max(), clamped);
            return (int) clamped;
        }
        return (int) value;
    }
}
