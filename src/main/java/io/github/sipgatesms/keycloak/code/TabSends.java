package io.github.sipgatesms.keycloak.code;

import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What one authentication session (one browser tab) sent, in its auth notes: whether the step ran, when the last SMS
 * was tried and how many, and until when a refused send asked to wait. The code page's resend countdown is read from
 * here in every re-render, so a wrong code or a reload never loses it.
 */
final class TabSends {

    static final String SENT_AT = "sipgate-sms.sent";
    static final String SENT_COUNT = "sipgate-sms.sent-count";
    static final String STARTED = "sipgate-sms.started";
    /** Until when (epoch seconds) a refused send asked to wait: a cooldown that is not this tab's own (the user's). */
    static final String RESEND_AFTER = "sipgate-sms.resend-after";

    private final AuthenticationSessionModel session;

    TabSends(AuthenticationSessionModel session) {
        this.session = session;
    }

    /** Records a send attempt (successful or not) for the cooldown. */
    void markSent(long now) {
        session.setAuthNote(SENT_AT, Long.toString(now));
        session.setAuthNote(SENT_COUNT, Long.toString(sentCount() + 1));
    }

    /** How many SMS this session tried to send. */
    long sentCount() {
        Long count = longNote(SENT_COUNT);
        return count == null ? 0 : count;
    }

    /** A send was refused until {@code until} (epoch seconds) by a cooldown that is not this session's own. */
    void holdResend(long until) {
        session.setAuthNote(RESEND_AFTER, Long.toString(until));
    }

    /** Seconds until another SMS may be sent from this session, 0 if now: its own cooldown, or a refusal's {@link #holdResend}. */
    int cooldownRemaining(long now, int cooldownSeconds) {
        Long sentAt = longNote(SENT_AT);
        Long held = longNote(RESEND_AFTER);
        long own = sentAt == null || cooldownSeconds <= 0 ? 0 : Math.min(cooldownSeconds, sentAt + cooldownSeconds - now);
        return (int) Math.max(0, Math.max(own, held == null ? 0 : held - now));
    }

    /** Marks that the step ran in this session (whether or not an SMS went out). */
    void markStarted() {
        session.setAuthNote(STARTED, "true");
    }

    /** Whether the step already ran in this session: then re-entering it never sends by itself. */
    boolean started() {
        return session.getAuthNote(STARTED) != null;
    }

    private Long longNote(String name) {
        return longNote(session, name);
    }

    /** An auth note holding a number (epoch seconds, a count), or null when absent or not a number. */
    static Long longNote(AuthenticationSessionModel session, String name) {
        String value = session.getAuthNote(name);
        if (value == null) {
            return null;
        }
        try {
            return Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
