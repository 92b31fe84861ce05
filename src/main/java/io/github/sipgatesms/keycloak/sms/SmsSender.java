package io.github.sipgatesms.keycloak.sms;

/**
 * Delivers one text message to one E.164 number, or throws a typed {@link SmsSendException}. A sender may hold one of
 * the node's send permits from the moment it was chosen: {@link #close()} gives it back.
 */
public interface SmsSender extends AutoCloseable {

    void send(String recipientE164, String message) throws SmsSendException;

    @Override
    default void close() {
        // nothing held
    }
}
