package io.github.sipgatesms.keycloak.limits;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.keycloak.models.SingleUseObjectProvider;

import io.github.sipgatesms.keycloak.config.SmsConfig;

/**
 * The cluster-wide send limits, checked before every SMS: the per-user cooldown, the per-user and
 * per-number hourly caps and the realm's hourly budget. All four are claimed (so the work is the same
 * whichever limit fires); when any is refused the others are given back and nothing is sent. A granted
 * claim is never given back: every attempt to send counts, also one that fails.
 * <p>
 * Keys live in Keycloak's single-use store under {@code sipgate-sms.<realm id>.}; the phone number
 * appears there only as a hash.
 */
public final class SendLimits {

    static final int HOUR = 3600;
    private static final String PREFIX = "sipgate-sms.";

    /** What the limits decided for one send. */
    public record Decision(Set<Limit> refused, long waitSeconds) {

        public boolean allowed() {
            return refused.isEmpty();
        }

        /** Only the cooldown fired: the user may simply wait some seconds. */
        public boolean cooldownOnly() {
            return refused.equals(EnumSet.of(Limit.USER_COOLDOWN));
        }

        /**
         * The wait in whole minutes as shown to the user, rounded up coarsely (to the minute up to five
         * minutes, then to five minutes), so the page says the same whichever hourly limit fired.
         */
        public long waitMinutesRounded() {
            long minutes = Math.max(1, (waitSeconds + 59) / 60);
            return minutes <= 5 ? minutes : (minutes + 4) / 5 * 5;
        }

        /** The limits that fired, comma-separated, for the login event. */
        public String eventValue() {
            List<String> names = new ArrayList<>();
            refused.forEach(limit -> names.add(limit.eventValue()));
            return String.join(",", names);
        }
    }

    private final SingleUseObjectProvider store;
    private final String realmPrefix;

    public SendLimits(SingleUseObjectProvider store, String realmId) {
        this.store = store;
        this.realmPrefix = PREFIX + realmId + ".";
    }

    /** Claims one SMS to {@code e164} for {@code userId} against every limit of {@code config}. */
    public Decision claim(String userId, String e164, SmsConfig config, long now) {
        Cooldown cooldown = new Cooldown(realmPrefix + "cooldown." + userId, config.resendCooldownSeconds());
        Slots perUser = new Slots(realmPrefix + "user." + userId, config.maxSmsPerUserPerHour(), HOUR);
        Slots perNumber = new Slots(realmPrefix + "number." + hash(e164), config.maxSmsPerNumberPerHour(), HOUR);
        Slots perRealm = new Slots(realmPrefix + "realm", config.maxSmsPerRealmPerHour(), HOUR);

        List<String> claimed = new ArrayList<>(4);
        Set<Limit> refused = EnumSet.noneOf(Limit.class);
        long wait = 0;

        String key = cooldown.claim(store, now);
        if (key == null) {
            refused.add(Limit.USER_COOLDOWN);
            wait = cooldown.waitSeconds(store, now);
        } else {
            claimed.add(key);
        }
        Slots[] caps = {perUser, perNumber, perRealm};
        Limit[] names = {Limit.USER_HOURLY, Limit.NUMBER_HOURLY, Limit.REALM_HOURLY};
        for (int i = 0; i < caps.length; i++) {
            key = caps[i].claim(store, now);
            if (key == null) {
                refused.add(names[i]);
                wait = Math.max(wait, caps[i].waitSeconds(store, now));
            } else {
                claimed.add(key);
            }
        }
        if (refused.isEmpty()) {
            return new Decision(Collections.unmodifiableSet(EnumSet.noneOf(Limit.class)), 0);
        }
        for (String held : claimed) {
            if (!held.isEmpty()) {
                store.remove(held);
            }
        }
        return new Decision(Collections.unmodifiableSet(refused), wait);
    }

    /** A stable, non-reversible-at-a-glance key part for a number (numbers are not kept in clear in the store). */
    static String hash(String e164) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(e164.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 12; i++) {
                hex.append(String.format("%02x", digest[i]));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
