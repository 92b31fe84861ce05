package io.github.sipgatesms.keycloak.sms.sipgate;

/** Body of {@code POST /sessions/sms}, serialized by Jackson (no {@code sendAt}: codes go out now). */
public record SendSmsRequest(String smsId, String recipient, String message) {

    /** The message holds a code: keep it out of logs. */
    @Override
    public String toString() {
        return "SendSmsRequest[smsId=" + smsId + ", message length=" + (message == null ? 0 : message.length()) + "]";
    }
}
