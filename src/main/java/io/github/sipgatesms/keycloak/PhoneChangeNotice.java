package io.github.sipgatesms.keycloak;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Tells users by e-mail that the number for their SMS codes changed (binding a new authenticator), when the realm
 * has SMTP configured and the user an e-mail address. Texts are theme messages; a failure is logged, never fatal.
 */
final class PhoneChangeNotice {

    private static final Logger LOG = Logger.getLogger(PhoneChangeNotice.class);
    static final String SUBJECT = "sipgateSmsChangedSubject";
    static final String BODY = "sipgateSmsChangedBody";

    private PhoneChangeNotice() {
    }

    static void send(KeycloakSession session, RealmModel realm, UserModel user, String maskedNumber) {
        Map<String, String> smtp = realm.getSmtpConfig();
        if (smtp == null || smtp.get("host") == null || user.getEmail() == null) {
            return;
        }
        Locale locale = session.getContext().resolveLocale(user);
        Properties messages = SmsText.messages(session, realm, locale);
        String name = SmsText.serviceName(realm);
        String subject = new MessageFormat(messages.getProperty(SUBJECT, "{0}: your number for SMS codes changed"), locale)
            .format(new Object[] {name});
        String body = new MessageFormat(messages.getProperty(BODY, "The number for your sign-in codes at {0} is now {1}. "
            + "If you did not change it, contact your administrator at once."), locale).format(new Object[] {name, maskedNumber});
        try {
            session.getProvider(EmailSenderProvider.class).send(smtp, user, subject, body, null);
        } catch (EmailException | RuntimeException e) {
            LOG.warnf("sipgate-sms: could not e-mail user '%s' about the changed number: %s", user.getId(), e.getMessage());
        }
    }
}
