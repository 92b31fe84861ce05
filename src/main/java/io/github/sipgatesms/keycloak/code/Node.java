package io.github.sipgatesms.keycloak.code;

import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.keycloak.models.KeycloakSession;

import io.github.sipgatesms.keycloak.limits.StoreGuarantee;
import io.github.sipgatesms.keycloak.metrics.SmsMetrics;
import io.github.sipgatesms.keycloak.sms.SmsSenders;

/**
 * What the node gives every code exchange, made once by {@link Codes}: the senders (with the node's send bound), the
 * meters, where work after the answer runs, and what this node already named in a WARN.
 *
 * @param later runs a job after the answer, given the request's session, in a session of its own
 * @param named keys of WARN lines this node wrote once (log bookkeeping only: nothing decides a login)
 * @param store the check of the node's single-use store, made at its first SMS
 */
record Node(SmsSenders senders, SmsMetrics metrics, BiConsumer<KeycloakSession, Consumer<KeycloakSession>> later, Set<String> named,
            StoreGuarantee store) {

    private static final int MAX_NAMED = 10_000;

    /** Whether this node names {@code key} for the first time (a bounded set: beyond it a WARN may repeat). */
    boolean once(String key) {
        if (named.size() > MAX_NAMED) {
            named.clear();
        }
        return named.add(key);
    }
}
