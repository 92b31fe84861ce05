package io.github.sipgatesms.keycloak.code;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.keycloak.models.KeycloakSession;

import io.github.sipgatesms.keycloak.metrics.SmsMetrics;
import io.github.sipgatesms.keycloak.sms.SmsSenders;

/**
 * What the node gives every code exchange, made once by {@link Codes}: the senders (with the node's send bound), the
 * meters, and where work after the answer runs.
 *
 * @param later runs a job after the answer, given the request's session, in a session of its own
 */
record Node(SmsSenders senders, SmsMetrics metrics, BiConsumer<KeycloakSession, Consumer<KeycloakSession>> later) {
}
