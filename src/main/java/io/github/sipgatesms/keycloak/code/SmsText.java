package io.github.sipgatesms.keycloak.code;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.urls.UrlType;

/**
 * The SMS itself: a theme message ({@link Purpose#textKey()}) in the user's locale, so translators and
 * theme authors own the wording, with positional arguments {0} service name, {1} code, {2} minutes
 * valid, {3} host. It must end with the origin-bound line {@code @host #code} (WICG origin-bound
 * one-time codes), which lets browsers autofill the code only on the right site.
 */
final class SmsText {

    static final int MAX_LENGTH = 160;
    /** One SMS holds 70 characters when the text needs UCS-2 (a character outside the GSM 03.38 alphabet). */
    static final int MAX_LENGTH_UCS2 = 70;
    /** Septets of one part of a longer GSM-7 text, and UTF-16 units of one part of a longer UCS-2 text. */
    static final int PART_LENGTH = 153;
    static final int PART_LENGTH_UCS2 = 67;
    /** The GSM 03.38 default alphabet (one septet each) and its extension table (two septets each). */
    static final String GSM7 = "@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\n\u00d8\u00f8\r\u00c5\u00e5\u0394_\u03a6\u0393\u039b\u03a9"
        + "\u03a0\u03a8\u03a3\u0398\u039e\u00c6\u00e6\u00df\u00c9 !\"#\u00a4%&'()*+,-./0123456789:;<=>?\u00a1"
        + "ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7\u00bfabcdefghijklmnopqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0";
    static final String GSM7_EXTENSION = "^{}\\[~]|\u20ac\f";
    private static final Logger LOG = Logger.getLogger(SmsText.class);
    /** Realms whose SMS named a request's host (no hostname configured): WARNed once per node. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private SmsText() {
    }

    /** The SMS of a purpose: its text in the user's locale (the fallback where the theme has none). */
    static String of(KeycloakSession session, RealmModel realm, UserModel user, String code, int ttlSeconds, Purpose purpose) {
        Locale locale = session.getContext().resolveLocale(user);
        String pattern = ThemeText.of(session, realm, locale).pattern(purpose.textKey(), purpose.fallbackText());
        return format(pattern, locale, ThemeText.serviceName(realm), code, (ttlSeconds + 59) / 60, originHost(session, realm));
    }

    /**
     * The host of the origin-bound line (SECURITY.md 41): the one Keycloak is configured with, the realm's frontend URL or
     * the server's {@code hostname}, which Keycloak's hostname provider gives for the frontend; only where neither is set
     * (development) is that the host the request named, and the administrator gets one WARN per realm and node.
     */
    static String originHost(KeycloakSession session, RealmModel realm) {
        String host = session.getContext().getUri(UrlType.FRONTEND).getBaseUri().getHost();
        if (!hostnameConfigured(realm) && WARNED.size() < 10_000 && WARNED.add(realm.getId())) {
            LOG.warnf("sipgate-sms: realm '%s' has no frontend URL and the server no hostname option: the SMS name the host the "
                + "request named (%s), which a client can choose. Set --hostname (or the realm's Frontend URL) in production.",
                realm.getName(), host);
        }
        return host;
    }

    private static boolean hostnameConfigured(RealmModel realm) {
        String frontendUrl = realm.getAttribute("frontendUrl");
        if (frontendUrl != null && !frontendUrl.isBlank()) {
            return true;
        }
        Config.Scope hostname = Config.scope("hostname", "v2");
        return hostname != null && hostname.get("hostname") != null;
    }

    /**
     * Fills the pattern; when the text would not fit one SMS ({@value #MAX_LENGTH} GSM-7 septets, or
     * {@value #MAX_LENGTH_UCS2} characters when a character needs UCS-2), the service name is shortened
     * (never the code or the origin-bound last line).
     */
    static String format(String pattern, Locale locale, String serviceName, String code, int minutes, String host) {
        String text = fill(pattern, locale, serviceName, code, minutes, host);
        String name = serviceName;
        while (!fitsOneSms(text) && !name.isEmpty()) {
            name = name.substring(0, name.length() - 1).strip();
            text = fill(pattern, locale, name, code, minutes, host);
        }
        return text;
    }

    /** Whether the text fits one SMS: 160 GSM-7 septets (extension characters count twice), else 70 UCS-2 characters. */
    static boolean fitsOneSms(String text) {
        return segments(text).count() == 1;
    }

    /** The parts a text is sent (and billed) as, and their encoding: {@code gsm7} or {@code ucs2}. */
    record Segments(String encoding, int count) {
    }

    /**
     * The segments of a text: in GSM-7 one SMS of {@value #MAX_LENGTH} septets, or parts of {@value #PART_LENGTH}
     * (the rest of each part carries the concatenation header); in UCS-2 one of {@value #MAX_LENGTH_UCS2} UTF-16 units,
     * or parts of {@value #PART_LENGTH_UCS2}.
     */
    static Segments segments(String text) {
        int septets = gsm7Septets(text);
        if (septets >= 0) {
            return new Segments("gsm7", septets <= MAX_LENGTH ? 1 : (septets + PART_LENGTH - 1) / PART_LENGTH);
        }
        int units = text.length();
        return new Segments("ucs2", units <= MAX_LENGTH_UCS2 ? 1 : (units + PART_LENGTH_UCS2 - 1) / PART_LENGTH_UCS2);
    }

    /** Septets of the text in GSM-7, or -1 when a character needs UCS-2. */
    static int gsm7Septets(String text) {
        int septets = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (GSM7.indexOf(c) >= 0) {
                septets++;
            } else if (GSM7_EXTENSION.indexOf(c) >= 0) {
                septets += 2;
            } else {
                return -1;
            }
        }
        return septets;
    }

    private static String fill(String pattern, Locale locale, String serviceName, String code, int minutes, String host) {
        return new MessageFormat(pattern, locale).format(new Object[] {serviceName, code, Integer.toString(minutes), host});
    }
}
