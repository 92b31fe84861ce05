package io.github.sipgatesms.keycloak.code;

import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.github.sipgatesms.keycloak.credential.SmsCredentialProvider;
import io.github.sipgatesms.keycloak.credential.UserNumber;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * Tells users by e-mail that the number for their SMS codes changed (binding a new authenticator), when the realm
 * has SMTP configured and the user an e-mail address. Texts are theme messages; a failure is logged, never fatal.
 */
final class PhoneChangeNotice {

    private static final Logger LOG = Logger.getLogger(PhoneChangeNotice.class);
    static final String SUBJECT = "sipgateSmsChangedSubject";
    static final String BODY = "sipgateSmsChangedBody";
    static final String REMOVED_BODY = "sipgateSmsRemovedBody";

    private PhoneChangeNotice() {
    }

    /**
     * A right code reached the administrator's number (the phone attribute): it is shown under "Signing in" from now on.
     * When it replaced a number a code had reached before (a directory sync, a user who may edit the attribute), it is
     * never adopted silently: the LOGIN event names the previous number (masked) and the user is e-mailed.
     */
    static void adoptProvisioned(KeycloakSession session, RealmModel realm, UserModel user, CheckOutcomes outcomes, String proven) {
        if (UserNumber.changedSinceProven(user, proven)) {
            outcomes.numberChanged(PhoneNumbers.mask(UserNumber.lastProvenProvisioned(user).orElse(null)), PhoneNumbers.mask(proven));
            send(session, realm, user, PhoneNumbers.mask(proven));
        }
        SmsCredentialProvider.showProvisioned(user, proven);
    }

    /** Codes now go to {@code maskedNumber}; null: to no number any more (an administrator removed it). */
    static void send(KeycloakSession session, RealmModel realm, UserModel user, String maskedNumber) {
        Map<String, String> smtp = realm.getSmtpConfig();
        if (smtp == null || smtp.get("host") == null || user.getEmail() == null) {
            return;
        }
        ThemeText text = ThemeText.of(session, realm, session.getContext().resolveLocale(user));
        String name = ThemeText.serviceName(realm);
        String subject = text.format(SUBJECT, "{0}: your number for SMS codes changed", name);
        String body = maskedNumber != null ? text.format(BODY, "The number for your sign-in codes at {0} is now {1}. "
            + "If you did not change it, contact your administrator at once.", name, maskedNumber)
            : text.format(REMOVED_BODY, "Your account at {0} no longer has a number for sign-in codes. "
            + "If you did not ask for this, contact your administrator at once.", name);
        try {
            session.getProvider(EmailSenderProvider.class).send(smtp, user, subject, body, null);
        } catch (EmailException | RuntimeException e) {
            LOG.warnf("sipgate-sms: could not e-mail user '%s' about the changed number: %s", user.getId(), e.getMessage());
        }
    }
}
