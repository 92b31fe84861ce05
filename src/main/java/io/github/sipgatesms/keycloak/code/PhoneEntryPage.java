package io.github.sipgatesms.keycloak.code;

import jakarta.ws.rs.core.Response;

import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.utils.FormMessage;

import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * The number page of the registration and of phone sign-in: the field {@code phone}, its hint (region and an example)
 * and its error; phone sign-in titles it as a way to sign in.
 */
final class PhoneEntryPage {

    static final String TEMPLATE = "sipgate-sms-register-phone.ftl";
    static final String PHONE_FIELD = "phone";

    private PhoneEntryPage() {
    }

    /** The page, with what the user entered (or empty) and the message key of why it was refused (or null). */
    static Response create(LoginFormsProvider form, SmsConfig config, String entered, String errorKey, Purpose purpose) {
        // the only number page where nothing proved who is there is phone sign-in's: it is titled as a way to sign in
        return create(form, config, entered, errorKey, purpose.proofless());
    }

    private static Response create(LoginFormsProvider form, SmsConfig config, String entered, String errorKey, boolean signIn) {
        form.setAttribute("sipgateSmsRegister", new Model(entered == null ? "" : entered, config.defaultRegion(),
            PhoneNumbers.exampleFor(config.defaultRegion()), signIn));
        if (errorKey != null) {
            form.addError(new FormMessage(PHONE_FIELD, errorKey));
        }
        return form.createForm(TEMPLATE);
    }

    /** What the template reads as {@code sipgateSmsRegister} (a bean: FreeMarker reads getters). */
    public static final class Model {
        private final String entered;
        private final String region;
        private final String example;
        private final boolean signIn;

        Model(String entered, String region, String example, boolean signIn) {
            this.entered = entered;
            this.region = region;
            this.example = example;
            this.signIn = signIn;
        }

        /** Phone sign-in's page (else the registration's). */
        public boolean isSignIn() {
            return signIn;
        }

        public String getEntered() {
            return entered;
        }

        public String getRegion() {
            return region;
        }

        public String getExample() {
            return example;
        }
    }
}
