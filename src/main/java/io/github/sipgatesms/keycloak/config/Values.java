package io.github.sipgatesms.keycloak.config;

import static io.github.sipgatesms.keycloak.config.Setting.ALLOWED_REGIONS;
import static io.github.sipgatesms.keycloak.config.Setting.DEFAULT_REGION;
import static io.github.sipgatesms.keycloak.config.Setting.SIPGATE_BASE_URL;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

/** Parsing of the settings that are more than a number or a pattern: the base URL and regions, with a WARN on bad values. */
final class Values {

    private static final Logger LOG = Logger.getLogger(SmsConfig.class);
    private static final Pattern REGION = Pattern.compile("[A-Z]{2}");
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){2}");

    private Values() {
    }

    static String baseUrl(String raw) {
        String fallback = SIPGATE_BASE_URL.defaultValue();
        if (raw == null) {
            return fallback;
        }
        String value = raw.trim();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        try {
            URI uri = URI.create(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean plain = uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null;
            if (plain && uri.getHost() != null && ("https".equals(scheme) || ("http".equals(scheme) && isLoopback(uri.getHost())))) {
                return value;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        LOG.warnf("sipgate-sms: '%s' must be an https URL without user info, query or fragment (http only for a loopback "
            + "test server: 127.x.x.x, [::1] or localhost); using the default %s.", SIPGATE_BASE_URL.key(), fallback);
        return fallback;
    }

    /** An IP-literal loopback address or {@code localhost}; never a host name that merely starts with 127. */
    private static boolean isLoopback(String host) {
        return "localhost".equalsIgnoreCase(host) || LOOPBACK_V4.matcher(host).matches() || "[::1]".equals(host) || "::1".equals(host);
    }

    static String region(String raw) {
        String fallback = DEFAULT_REGION.defaultValue();
        if (raw == null) {
            return fallback;
        }
        String code = raw.toUpperCase(Locale.ROOT);
        if (REGION.matcher(code).matches()) {
            return code;
        }
        LOG.warnf("sipgate-sms: '%s' must be a two-letter ISO 3166 code; using the default '%s'.", DEFAULT_REGION.key(), fallback);
        return fallback;
    }

    static Set<String> regions(String raw) {
        if (raw == null) {
            return Set.of();
        }
        Set<String> result = Arrays.stream(raw.split("[,;\\s]+"))
            .map(s -> s.trim().toUpperCase(Locale.ROOT))
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toCollection(TreeSet::new));
        Set<String> invalid = result.stream().filter(s -> !REGION.matcher(s).matches()).collect(Collectors.toSet());
        if (!invalid.isEmpty()) {
            LOG.warnf("sipgate-sms: '%s' contains values that are not two-letter ISO 3166 codes, ignored: %s", ALLOWED_REGIONS.key(), invalid);
            result.removeAll(invalid);
        }
        return Set.copyOf(result);
    }
}
