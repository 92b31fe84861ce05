package io.github.sipgatesms.keycloak.sms;

/** Delivers one text message to one E.164 number, or throws a typed {@link SmsSendException}. */
public interface SmsSender {

    void send(String recipientE164, String message) throws SmsSendException;
}
