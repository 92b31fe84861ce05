package io.github.sipgatesms.keycloak.credential;

import java.io.IOException;
import java.util.Map;

import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.util.JsonSerialization;

import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * A phone number the user proved to own by an SMS code: credential type {@value #TYPE}. The number (E.164) is the
 * credential data; the label shown in the account and admin consoles is the masked number. There is no secret.
 */
public final class SmsCredentialModel extends CredentialModel {

    public static final String TYPE = "sipgate-sms";
    private static final String PHONE = "phoneNumber";

    private SmsCredentialModel() {
    }

    /** A new credential for a verified number. */
    public static SmsCredentialModel create(String e164) {
        SmsCredentialModel model = new SmsCredentialModel();
        model.setType(TYPE);
        model.setUserLabel(PhoneNumbers.mask(e164));
        model.setCreatedDate(Time.currentTimeMillis());
        try {
            model.setCredentialData(JsonSerialization.writeValueAsString(Map.of(PHONE, e164)));
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
            copy.setCredentialData(JsonSerialization.writeValueAsString(Map.of(PHONE, PhoneNumbers.mask(phone))));
        } catch (IOException e) {
            copy.setCredentialData("{}");
        }
        copy.setSecretData(null);
        return copy;
    }

    /** The verified number in E.164, or null when the data is unreadable. */
    public String phoneNumber() {
        try {
            Map<?, ?> data = JsonSerialization.readValue(getCredentialData(), Map.class);
            Object phone = data == null ? null : data.get(PHONE);
            return phone == null ? null : phone.toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
