package io.github.sipgatesms.keycloak.code;

/**
 * What a send asks the code page to show: nothing special ({@link #SENT}), the cooldown's wait (the resend hint says
 * it), or an error message with its parameters.
 */
record SendResult(String messageKey, Object[] params, int cooldownSeconds) {

    static final SendResult SENT = new SendResult(null, new Object[0], 0);

    SendResult(String messageKey, Object... params) {
        this(messageKey, params, 0);
    }

    static SendResult cooldown(long waitSeconds) {
        return new SendResult(MessageKeys.RESEND_WAIT, new Object[] {waitSeconds}, (int) Math.max(1, waitSeconds));
    }

    boolean sent() {
        return messageKey == null;
    }
}
