package io.github.sipgatesms.keycloak.login;

import java.lang.StackWalker.Option;

import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;

/**
 * Whether Keycloak is asking {@code configuredFor} on behalf of a condition ({@code Condition - user configured}
 * evaluating a conditional sub-flow) rather than to decide whether to run the step. Keycloak's SPI passes no caller,
 * so the call stack tells: a condition's {@code matchCondition} is on it. Only read where the two questions get
 * different answers (a login that proved nothing before the step, the step's {@code configuredFor}).
 */
public final class KeycloakCondition {

    private static final StackWalker STACK = StackWalker.getInstance(Option.RETAIN_CLASS_REFERENCE);

    private KeycloakCondition() {
    }

    public static boolean isAsking() {
        return STACK.walk(frames -> frames.anyMatch(frame -> "matchCondition".equals(frame.getMethodName())
            && ConditionalAuthenticator.class.isAssignableFrom(frame.getDeclaringClass())));
    }
}
