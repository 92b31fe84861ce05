package io.github.sipgatesms.keycloak.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmEventsConfigRepresentation;

import io.github.sipgatesms.keycloak.sms.SmsSendException;

/**
 * The LOGIN_ERROR events of the benchmark realm, stored only for the hung-sipgate phase (the measured phases run
 * with events off, and flow A's successful logins store nothing): how each SMS attempt that was not sent ended, as
 * the step records it ({@code sipgate_sms_busy} when the node's {@code max-concurrent-sends} was reached).
 */
final class SmsErrorEvents {

    static final String BUSY = SmsSendException.Reason.BUSY.eventError();
    private static final String LOGIN_ERROR = "LOGIN_ERROR";

    private final RealmResource realm;

    SmsErrorEvents(RealmResource realm) {
        this.realm = realm;
    }

    /** Stores LOGIN_ERROR events from now on, starting from none. */
    void store() {
        RealmEventsConfigRepresentation config = realm.getRealmEventsConfig();
        config.setEventsEnabled(true);
        config.setEnabledEventTypes(List.of(LOGIN_ERROR));
        realm.updateRealmEventsConfig(config);
        realm.clearEvents();
    }

    /** Stops storing events. */
    void stop() {
        RealmEventsConfigRepresentation config = realm.getRealmEventsConfig();
        config.setEventsEnabled(false);
        realm.updateRealmEventsConfig(config);
    }

    /**
     * The sipgate errors recorded so far, counted by event error; waits up to five seconds for {@code expected}
     * of them (each request stores its event when it ends).
     */
    Map<String, Long> sipgateErrors(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            Map<String, Long> counts = realm.getEvents(List.of(LOGIN_ERROR), null, null, null, null, null, 0, 100_000).stream()
                .map(EventRepresentation::getError).filter(error -> error != null && error.startsWith("sipgate_sms_"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            if (total >= expected || System.nanoTime() > deadline) {
                return counts;
            }
            Thread.sleep(200);
        }
    }
}
