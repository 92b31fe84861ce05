package io.github.sipgatesms.keycloak.limits;

import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The one promise of Keycloak's single-use store that every cap, cooldown and single-use code here rests on
 * (SECURITY.md 44): {@code putIfAbsent} of a fresh key succeeds once, and a second {@code putIfAbsent} of that key
 * fails, with a lifespan of a minute as with one of a second. Published Keycloak bugs break it (the {@code stateless}
 * preview feature on MySQL/MariaDB before 26.7.4, CVE-2026-90997; a non-positive lifespan on the database store,
 * keycloak#50481; docs/versions.md). Checked once per node at its first SMS, with fresh random keys (four
 * {@code putIfAbsent}, two {@code remove}), and remembered: a store does not change while the node runs. Where the store
 * breaks the promise no code is sent and the administrator reads why, once per node, at ERROR.
 */
public final class StoreGuarantee {

    private static final Logger LOG = Logger.getLogger(StoreGuarantee.class);
    private static final String PREFIX = "sipgate-sms.store-check.";
    private static final int LONG_SECONDS = 60;
    private static final int SHORT_SECONDS = 1;

    private volatile boolean checked;
    private volatile String broken;
    private final AtomicBoolean told = new AtomicBoolean();

    /**
     * Null when this node's store keeps the promise, else why not (a text for the administrator). The first call checks
     * ({@link #probe}); later calls answer what it found. A store that throws is not judged: the exception goes on.
     */
    public String firstUse(SingleUseObjectProvider store) {
        if (!checked) {
            String found = probe(store);
            broken = found;
            checked = true;
            if (found != null && told.compareAndSet(false, true)) {
                LOG.errorf("sipgate-sms: %s", found);
            }
        }
        return broken;
    }

    /** A fresh check of {@code store} (the connection test asks each time): null when sound, else what it did wrong. */
    public static String probe(SingleUseObjectProvider store) {
        String wrong = claimsOnce(store, LONG_SECONDS);
        return wrong != null ? wrong : claimsOnce(store, SHORT_SECONDS);
    }

    private static String claimsOnce(SingleUseObjectProvider store, int seconds) {
        String key = PREFIX + KeycloakModelUtils.generateId();
        boolean first = store.putIfAbsent(key, seconds);
        boolean second = store.putIfAbsent(key, seconds);
        store.remove(key);
        if (!first) {
            return problem("refused the first putIfAbsent of a fresh key (lifespan " + seconds + " s), so every cap would wait forever");
        }
        if (second) {
            return problem("accepted a second putIfAbsent of one key (lifespan " + seconds + " s), so caps, cooldowns and single-use "
                + "codes would not hold");
        }
        return null;
    }

    private static String problem(String what) {
        return "Keycloak's single-use store " + what + ". No SMS code is sent from this node until it is fixed. Known causes: the "
            + "'stateless' preview feature on MySQL/MariaDB before Keycloak 26.7.4 (CVE-2026-90997) and short or non-positive "
            + "lifespans on the database store (keycloak#50481). Upgrade Keycloak (the versions with the fixes: docs/versions.md) "
            + "or turn the 'stateless' feature off, then restart the node.";
    }
}
