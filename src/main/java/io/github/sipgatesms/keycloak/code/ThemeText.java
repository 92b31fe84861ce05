package io.github.sipgatesms.keycloak.code;

import java.io.IOException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.theme.Theme;

/**
 * Texts that leave Keycloak's pages (the SMS, the change e-mail) in the user's locale: the login theme's messages,
 * which include the extension's, so translators and theme authors own the wording; callers keep an English fallback.
 */
final class ThemeText {

    private final Properties messages;
    private final Locale locale;

    private ThemeText(Properties messages, Locale locale) {
        this.messages = messages;
        this.locale = locale;
    }

    static ThemeText of(KeycloakSession session, RealmModel realm, Locale locale) {
        try {
            return new ThemeText(session.theme().getTheme(Theme.Type.LOGIN).getEnhancedMessages(realm, locale), locale);
        } catch (IOException e) {
            // a missing bundle must not fail the login or the notice
            return new ThemeText(new Properties(), locale);
        }
    }

    /** The message pattern of the key, or the fallback when the theme has none. */
    String pattern(String key, String fallback) {
        return messages.getProperty(key, fallback);
    }

    /** The message of the key (or the fallback) with its positional arguments filled. */
    String format(String key, String fallback, Object... args) {
        return new MessageFormat(pattern(key, fallback), locale).format(args);
    }

    /** The name users know the service by: the realm's display name, else its name. */
    static String serviceName(RealmModel realm) {
        return realm.getDisplayName() != null && !realm.getDisplayName().isBlank() ? realm.getDisplayName() : realm.getName();
    }
}
