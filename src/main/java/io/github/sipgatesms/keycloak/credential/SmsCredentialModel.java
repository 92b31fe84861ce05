package io.github.sipgatesms.keycloak.credential;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.util.JsonSerialization;

import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * The number SMS codes go to: credential type {@value #TYPE}. The number (E.164) is the credential data; the label
 * shown in the account and admin consoles is the masked number. There is no secret. Either the user registered and
 * proved it, or ({@link #isProvisioned()}) it shows the administrator's number from the phone attribute, which stays
 * the truth for such users: the account console lists credentials only, and so shows every user the number codes
 * go to under "Signing in".
 */
public final class SmsCredentialModel extends CredentialModel {

    public static final String TYPE = "sipgate-sms";
    private static final String PHONE = "phoneNumber";
    private static final String PROVISIONED = "provisioned";
    /** False from storing (or renewing) until a browser is trusted for the number; absent in credentials of earlier releases. */
    private static final String BROWSERS_TRUSTED = "browsersTrusted";

    private SmsCredentialModel() {
    }

    /** A new credential for a number the user registered and proved. */
    public static SmsCredentialModel create(String e164) {
        return create(e164, false);
    }

    /** A credential that shows the administrator's number (phone attribute) after a right code was sent to it. */
    public static SmsCredentialModel createProvisioned(String e164) {
        return create(e164, true);
    }

    private static SmsCredentialModel create(String e164, boolean provisioned) {
        SmsCredentialModel model = new SmsCredentialModel();
        model.setType(TYPE);
        model.setUserLabel(PhoneNumbers.mask(e164));
        model.setCreatedDate(Time.currentTimeMillis());
        try {
            model.setCredentialData(JsonSerialization.writeValueAsString(
                provisioned ? Map.of(PHONE, e164, PROVISIONED, true, BROWSERS_TRUSTED, false) : Map.of(PHONE, e164, BROWSERS_TRUSTED, false)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize a phone credential", e);
        }
        model.setSecretData("{}");
        return model;
    }

    /** The stored credential as this type. */
    public static SmsCredentialModel from(CredentialModel stored) {
        SmsCredentialModel model = new SmsCredentialModel();
        model.setId(stored.getId());
        model.setType(stored.getType());
        model.setUserLabel(stored.getUserLabel());
        model.setCreatedDate(stored.getCreatedDate());
        model.setCredentialData(stored.getCredentialData());
        model.setSecretData(stored.getSecretData());
        return model;
    }

    /** A copy for pages: the number only masked, no secret data. */
    public SmsCredentialModel forPresentation() {
        SmsCredentialModel copy = from(this);
        String phone = phoneNumber();
        try {
            copy.setCredentialData(JsonSerialization.writeValueAsString(Map.of(PHONE, phone == null ? "" : PhoneNumbers.mask(phone))));
        } catch (IOException e) {
            copy.setCredentialData("{}");
        }
        copy.setSecretData(null);
        return copy;
    }

    /** The number in E.164, or null when the data is unreadable. */
    public String phoneNumber() {
        Object phone = data().get(PHONE);
        return phone == null ? null : phone.toString();
    }

    /** Shows the administrator's number (the attribute decides), rather than one the user registered. */
    public boolean isProvisioned() {
        return Boolean.TRUE.equals(data().get(PROVISIONED));
    }

    /**
     * Whether a browser may skip the SMS for this number: one was trusted since the number was stored or last renewed
     * ("forget", "sign out all devices"). A credential of an earlier release does not know, and answers yes.
     */
    public boolean mayHaveTrustedBrowsers() {
        return !Boolean.FALSE.equals(data().get(BROWSERS_TRUSTED));
    }

    /** A copy whose data says whether browsers may have been trusted for the number (id and everything else kept). */
    public SmsCredentialModel withBrowsersTrusted(boolean trusted) {
        SmsCredentialModel copy = from(this);
        Map<Object, Object> data = new LinkedHashMap<>(data());
        data.put(BROWSERS_TRUSTED, trusted);
        try {
            copy.setCredentialData(JsonSerialization.writeValueAsString(data));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize a phone credential", e);
        }
        return copy;
    }

    private Map<?, ?> data() {
        try {
            Map<?, ?> data = JsonSerialization.readValue(getCredentialData(), Map.class);
            return data == null ? Map.of() : data;
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }
}
