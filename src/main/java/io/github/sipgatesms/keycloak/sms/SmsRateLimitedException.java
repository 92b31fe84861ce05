package io.github.sipgatesms.keycloak.sms;

/** sipgate answered 429; {@link #retryAfterSeconds()} comes from its {@code Retry-After} header when given. */
public final class SmsRateLimitedException extends SmsSendException {

    private static final long serialVersionUID = 1L;

    private final int retryAfterSeconds;

    public SmsRateLimitedException(int retryAfterSeconds) {
        super(Reason.RATE_LIMITED, 429, "sipgate answered 429 Too Many Requests"
            + (retryAfterSeconds > 0 ? " (Retry-After " + retryAfterSeconds + " s)" : "")
            + "; the account or token is sending too fast");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
