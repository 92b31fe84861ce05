package io.github.sipgatesms.keycloak.limits;

import java.util.function.ToIntFunction;

import io.github.sipgatesms.keycloak.config.SmsConfig;

/**
 * Whose resources an SMS spends: the user's cooldown and hourly bucket, the number's hourly bucket, and where the
 * bucket has one, its share of the realm budget. Each bucket has keys of its own, so what one kind of request spends
 * never stops another: nobody can use up a user's login SMS by typing their number at a registration, asking for a
 * password reset or signing in with their number (SECURITY.md 35, 37). The realm budget itself is shared by all.
 */
public enum Bucket {
    /** SMS to a number the user proved: what logins (and a reset after the e-mailed link) spend. */
    LOGIN("", null, null),
    /** SMS to a number not yet proven (a registration, a sign-up): the user's own hourly cap, its own cooldown. */
    REGISTRATION("registration-", Limit.REGISTRATION_HOURLY, SmsConfig::registrationSharePercent),
    /** SMS anyone can trigger without a proof (reset by SMS alone, phone sign-in): buckets of their own. */
    PROOFLESS("proofless-", Limit.PROOFLESS_HOURLY, SmsConfig::prooflessSharePercent);

    private final String keyPrefix;
    private final Limit shareLimit;
    private final ToIntFunction<SmsConfig> sharePercent;

    Bucket(String keyPrefix, Limit shareLimit, ToIntFunction<SmsConfig> sharePercent) {
        this.keyPrefix = keyPrefix;
        this.shareLimit = shareLimit;
        this.sharePercent = sharePercent;
    }

    /** The store key part of this bucket's {@code kind} ({@code user}, {@code number}, {@code cooldown}). */
    String key(String kind) {
        // the user's cap of registrations stays the user's one hourly cap (they are the user's own requests)
        return (this == REGISTRATION && "user".equals(kind) ? "" : keyPrefix) + kind + ".";
    }

    /** The store key part of this bucket's share of the realm budget. */
    String shareKey() {
        return keyPrefix.substring(0, keyPrefix.length() - 1);
    }

    /** The limit of this bucket's share of the realm budget, or null where it may use the whole budget. */
    Limit shareLimit() {
        return shareLimit;
    }

    /** The SMS this bucket may use of the realm's hourly budget (at least 1); only where {@link #shareLimit} is set. */
    int share(SmsConfig config) {
        return (int) Math.max(1, (long) config.maxSmsPerRealmPerHour() * sharePercent.applyAsInt(config) / 100);
    }
}
