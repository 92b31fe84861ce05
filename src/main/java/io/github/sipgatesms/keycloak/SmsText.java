package io.github.sipgatesms.keycloak;

import java.io.IOException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.theme.Theme;

/**
 * The SMS itself: a theme message ({@value #MESSAGE_KEY}) in the user's locale, so translators and
 * theme authors own the wording, with positional arguments {0} service name, {1} code, {2} minutes
 * valid, {3} host. It must end with the origin-bound line {@code @host #code} (WICG origin-bound
 * one-time codes), which lets browsers autofill the code only on the right site.
 */
final class SmsText {

    static final String MESSAGE_KEY = "sipgate-sms-text";
    static final int MAX_LENGTH = 160;
    private static final String FALLBACK = "{0}: your login code is {1}. It is valid for {2} minutes. Do not share it.\n\n@{3} #{1}";

    private SmsText() {
    }

    static String forUser(KeycloakSession session, RealmModel realm, UserModel user, String code, int ttlSeconds) {
        Locale locale = session.getContext().resolveLocale(user);
        String pattern = FALLBACK;
        try {
            Theme theme = session.theme().getTheme(Theme.Type.LOGIN);
            Properties messages = theme.getEnhancedMessages(realm, locale);
            pattern = messages.getProperty(MESSAGE_KEY, FALLBACK);
        } catch (IOException e) {
            // keep the English fallback; the login must not fail over a message bundle
        }
        String name = realm.getDisplayName() != null && !realm.getDisplayName().isBlank() ? realm.getDisplayName() : realm.getName();
        String host = session.getContext().getUri().getBaseUri().getHost();
        return format(pattern, locale, name, code, (ttlSeconds + 59) / 60, host);
    }

    /**
     * Fills the pattern; when the text would exceed {@value #MAX_LENGTH} characters, the service name is
     * shortened (never the code or the origin-bound last line).
     */
    static String format(String pattern, Locale locale, String serviceName, String code, int minutes, String host) {
        String full = fill(pattern, locale, serviceName, code, minutes, host);
        if (full.length() <= MAX_LENGTH) {
            return full;
        }
        int overflow = full.length() - MAX_LENGTH;
        int keep = Math.max(0, serviceName.length() - overflow);
        return fill(pattern, locale, serviceName.substring(0, keep).strip(), code, minutes, host);
    }

    private static String fill(String pattern, Locale locale, String serviceName, String code, int minutes, String host) {
        return new MessageFormat(pattern, locale).format(new Object[] {serviceName, code, Integer.toString(minutes), host});
    }
}
