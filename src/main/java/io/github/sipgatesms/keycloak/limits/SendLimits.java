package io.github.sipgatesms.keycloak.limits;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import org.keycloak.models.SingleUseObjectProvider;

import io.github.sipgatesms.keycloak.config.SmsConfig;

/**
 * The cluster-wide send limits, checked before every SMS: the per-user cooldown, the per-user and per-number hourly
 * caps and the realm's hourly budget. Every limit is first checked without writing; only when all allow the SMS are
 * they claimed, so a refused attempt takes nothing. A granted claim is never given back: every attempt that may have
 * reached sipgate counts, also one that fails. Design and correctness: {@code package-info.java}.
 * <p>
 * Each SMS spends one {@link Bucket}: a registration's SMS (to a number not yet proven) counts against the user's hourly
 * cap, a registration bucket of the number (never the number's login bucket), its own cooldown, the registrations' share
 * of the realm budget, and the budget; a proof-less SMS against buckets and a share of its own. Keys live in
 * Keycloak's single-use store under {@code sipgate-sms.<realm id>.}; a phone number appears there only as a hash.
 */
public final class SendLimits {

    static final int HOUR = 3600;
    static final int BUDGET_WARNING_PERCENT = 80;
    private static final String PREFIX = "sipgate-sms.";

    /**
     * What the limits decided for one send. A granted send also reports the realm's hourly budget: SMS in the last
     * hour including this one, the budget in force, and whether this SMS is the first in the hour to reach
     * {@value #BUDGET_WARNING_PERCENT} % of it (cluster-wide: one node wins the warning).
     */
    public record Decision(Set<Limit> refused, long waitSeconds, LongSupplier realmUsedCount, int realmBudget, boolean budgetWarning) {

        Decision(Set<Limit> refused, long waitSeconds) {
            this(refused, waitSeconds, () -> -1, 0, false);
        }
        /** SMS of the realm in the last hour, this one included: about log2(budget) store reads, once, when asked. */
        public long realmUsed() {
            return realmUsedCount.getAsLong();
        }

        public boolean allowed() {
            return refused.isEmpty();
        }

        /** Only the cooldown fired: the user may wait some seconds. */
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

    /** {@link #claim(String, String, Bucket, SmsConfig, long)} of a login SMS. */
    public Decision claim(String userId, String e164, SmsConfig config, long now) {
        return claim(userId, e164, Bucket.LOGIN, config, now);
    }

    /** Claims one SMS to {@code e164} for {@code userId} from {@code bucket}, against every limit of {@code config}. */
    public Decision claim(String userId, String e164, Bucket bucket, SmsConfig config, long now) {
        Cooldown cooldown = cooldown(bucket, userId, config.resendCooldownSeconds());
        Map<Limit, Tickets> caps = new EnumMap<>(Limit.class);
        caps.put(Limit.USER_HOURLY, new Tickets(realmPrefix + bucket.key("user") + userId, config.maxSmsPerUserPerHour(), HOUR));
        caps.put(Limit.NUMBER_HOURLY, new Tickets(realmPrefix + bucket.key("number") + hash(e164), config.maxSmsPerNumberPerHour(), HOUR));
        if (bucket.shareLimit() != null) {
            caps.put(bucket.shareLimit(), new Tickets(realmPrefix + bucket.shareKey(), bucket.share(config), HOUR));
        }
        caps.put(Limit.REALM_HOURLY, new Tickets(realmPrefix + "realm", config.maxSmsPerRealmPerHour(), HOUR));

        // first every limit without writing: a refused attempt takes nothing
        Set<Limit> refused = EnumSet.noneOf(Limit.class);
        long wait = 0;
        if (cooldown.running(store)) {
            refused.add(Limit.USER_COOLDOWN);
            wait = cooldown.waitSeconds(store, now);
        }
        Map<Limit, Long> next = new EnumMap<>(Limit.class);
        for (Map.Entry<Limit, Tickets> cap : caps.entrySet()) {
            long free = cap.getValue().next(store);
            if (free < 0) {
                refused.add(cap.getKey());
                wait = Math.max(wait, cap.getValue().waitSeconds(store, now));
            }
            next.put(cap.getKey(), free);
        }
        if (!refused.isEmpty()) {
            return new Decision(Collections.unmodifiableSet(refused), wait);
        }
        // then claim in order, stopping at the first refusal (a concurrent request took the last place): that ticket stays
        // counted (package-info.java), the caps after it take nothing for an SMS that does not go out
        if (!cooldown.claim(store, now)) {
            return new Decision(Set.of(Limit.USER_COOLDOWN), cooldown.waitSeconds(store, now));
        }
        long realmTicket = -1;
        for (Map.Entry<Limit, Tickets> cap : caps.entrySet()) {
            realmTicket = cap.getValue().claim(store, now, next.get(cap.getKey()));
            if (realmTicket < 0) {
                return new Decision(Set.of(cap.getKey()), cap.getValue().waitSeconds(store, now));
            }
        }
        // the realm budget is the last cap claimed: realmTicket is its ticket
        Tickets realm = caps.get(Limit.REALM_HOURLY);
        LongSupplier used = realm.liveWhenAsked(store, realmTicket);
        // 80 % reached exactly when the ticket that many places back is alive: one read, not the count
        long threshold = ((long) realm.cap() * BUDGET_WARNING_PERCENT + 99) / 100;
        boolean warn = realm.atLeast(store, realmTicket, threshold) && store.putIfAbsent(realmPrefix + "budget-warning", HOUR);
        return new Decision(Set.of(), 0, used, realm.cap(), warn);
    }

    /** The SMS registrations may use of the realm's hourly budget (at least 1). */
    static int registrationShare(SmsConfig config) {
        return Bucket.REGISTRATION.share(config);
    }

    /**
     * Claims one code request of a client address where no proof preceded the step ({@code maxSmsPerAddressPerHour}),
     * for every account, known or not; an IPv6 client counts by its /64 ({@link AddressKey}). The address appears in the
     * store only as a hash.
     */
    public Decision claimAddress(String address, SmsConfig config, long now) {
        Tickets cap = new Tickets(realmPrefix + "address." + hash(AddressKey.of(address)), config.maxSmsPerAddressPerHour(), HOUR);
        long free = cap.next(store);
        if (free < 0 || cap.claim(store, now, free) < 0) {
            return new Decision(Set.of(Limit.ADDRESS_HOURLY), cap.waitSeconds(store, now));
        }
        return new Decision(Set.of(), 0);
    }

    /** Ends the user's running resend cooldowns at once: part of an administrator's reset of the user. */
    public void clearCooldown(String userId) {
        for (Bucket bucket : Bucket.values()) {
            cooldown(bucket, userId, 0).clear(store);
        }
    }

    /** The user's cooldown of a bucket; its key is built here only, for the claim and the reset alike. */
    private Cooldown cooldown(Bucket bucket, String userId, int seconds) {
        return new Cooldown(realmPrefix + bucket.key("cooldown") + userId, seconds);
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
