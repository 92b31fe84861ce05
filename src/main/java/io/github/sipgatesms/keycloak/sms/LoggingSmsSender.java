package io.github.sipgatesms.keycloak.sms;

import org.jboss.logging.Logger;

import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * Simulation: writes the SMS to the server log instead of sending it. Honoured only where the server
 * sets {@code allow-simulation=true}; the only place where a code may appear in a log, marked SIMULATION.
 */
final class LoggingSmsSender implements SmsSender {

    private static final Logger LOG = Logger.getLogger(LoggingSmsSender.class);

    @Override
    public void send(String recipientE164, String message) {
        // the code may appear here (that is the simulation), the number only masked like everywhere else
        LOG.warnf("SIMULATION - no SMS sent (sipgate-sms simulation mode; never use in production). To %s: %s",
            PhoneNumbers.mask(recipientE164), message.replace('\n', ' '));
    }
}
