package io.github.sipgatesms.keycloak.sms;

/**
 * A failed send. The message is meant for the administrator's log: it names the cause and the
 * HTTP status, never a secret, a code or a full phone number.
 */
public class SmsSendException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a send failed; {@link #eventError()} is the value of the login event's error. */
    public enum Reason {
        CONFIGURATION("sipgate_sms_configuration"),
        BAD_REQUEST("sipgate_sms_bad_request"),
        CREDENTIALS_REJECTED("sipgate_sms_credentials_rejected"),
        INSUFFICIENT_BALANCE("sipgate_sms_insufficient_balance"),
        FORBIDDEN("sipgate_sms_forbidden"),
        RATE_LIMITED("sipgate_sms_rate_limited"),
        SERVER_ERROR("sipgate_sms_server_error"),
        UNEXPECTED_STATUS("sipgate_sms_unexpected_status"),
        TIMEOUT("sipgate_sms_timeout"),
        NETWORK("sipgate_sms_network"),
        /** Not sent: the node's bound of concurrent sipgate requests was reached (sipgate slow or hung). */
        BUSY("sipgate_sms_busy"),
        /** Not sent: Keycloak's single-use store accepts a second claim of one key, so no limit would hold (SECURITY.md 44). */
        STORE_UNSOUND("sipgate_sms_store_unsound");

        private final String eventError;

        Reason(String eventError) {
            this.eventError = eventError;
        }

        public String eventError() {
            return eventError;
        }

        /** The reason as a metric tag, e.g. {@code timeout}: the event error without its prefix. */
        public String outcome() {
            return eventError.substring("sipgate_sms_".length());
        }
    }

    private final Reason reason;
    private final int status;

    public SmsSendException(Reason reason, int status, String message) {
        super(message);
        this.reason = reason;
        this.status = status;
    }

    public SmsSendException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.status = 0;
    }

    public Reason reason() {
        return reason;
    }

    /** The HTTP status sipgate answered, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** The node's bound of concurrent sipgate requests is reached: refused at once, nothing left the server. */
    public static SmsSendException busy() {
        return new SmsSendException(Reason.BUSY, 0, "too many SMS requests to sipgate in flight on this node already "
            + "(sipgate slow or not answering?); refused at once so that login threads stay free. Check sipgate's "
            + "status; raise the server option max-concurrent-sends only if sipgate answers normally under your load");
    }
}
