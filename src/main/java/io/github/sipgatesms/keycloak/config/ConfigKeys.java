package io.github.sipgatesms.keycloak.config;

/**
 * Names of the execution config keys (the contract in docs/configuration); the same names, in
 * kebab-case, are the server-wide options {@code --spi-authenticator--sipgate-sms--<key>}.
 */
public final class ConfigKeys {

    public static final String SIPGATE_BASE_URL = "sipgateBaseUrl";
    public static final String SIPGATE_TOKEN_ID = "sipgateTokenId";
    public static final String SIPGATE_TOKEN = "sipgateToken";
    public static final String SIPGATE_SMS_ID = "sipgateSmsId";
    public static final String CODE_LENGTH = "codeLength";
    public static final String CODE_TTL_SECONDS = "codeTtlSeconds";
    public static final String MAX_ATTEMPTS = "maxAttempts";
    public static final String RESEND_COOLDOWN_SECONDS = "resendCooldownSeconds";
    public static final String MAX_SMS_PER_USER_PER_HOUR = "maxSmsPerUserPerHour";
    public static final String MAX_SMS_PER_NUMBER_PER_HOUR = "maxSmsPerNumberPerHour";
    public static final String MAX_SMS_PER_REALM_PER_HOUR = "maxSmsPerRealmPerHour";
    public static final String ALLOWED_REGIONS = "allowedRegions";
    public static final String PHONE_ATTRIBUTE = "phoneAttribute";
    public static final String DEFAULT_REGION = "defaultRegion";
    public static final String SIMULATION = "simulation";

    /** Server-only option: without it, {@link #SIMULATION} is ignored everywhere. */
    public static final String ALLOW_SIMULATION = "allowSimulation";

    /**
     * Server-only option: concurrent sipgate requests per node and provider (login step, registration);
     * beyond it a send fails at once, so a hung sipgate cannot take all of Keycloak's worker threads.
     */
    public static final String MAX_CONCURRENT_SENDS = "maxConcurrentSends";
    public static final int DEFAULT_MAX_CONCURRENT_SENDS = 16;

    /** Every execution config key of the contract, in the order the admin console shows them. */
    public static final String[] ALL = {
        SIPGATE_BASE_URL, SIPGATE_TOKEN_ID, SIPGATE_TOKEN, SIPGATE_SMS_ID,
        CODE_LENGTH, CODE_TTL_SECONDS, MAX_ATTEMPTS, RESEND_COOLDOWN_SECONDS,
        MAX_SMS_PER_USER_PER_HOUR, MAX_SMS_PER_NUMBER_PER_HOUR, MAX_SMS_PER_REALM_PER_HOUR,
        ALLOWED_REGIONS, PHONE_ATTRIBUTE, DEFAULT_REGION, SIMULATION
    };

    public static final String DEFAULT_BASE_URL = "https://api.sipgate.com/v2";
    public static final String DEFAULT_SMS_ID = "s0";
    public static final int DEFAULT_CODE_LENGTH = 6;
    public static final int DEFAULT_CODE_TTL_SECONDS = 300;
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final int DEFAULT_RESEND_COOLDOWN_SECONDS = 30;
    public static final int DEFAULT_MAX_SMS_PER_USER_PER_HOUR = 5;
    public static final int DEFAULT_MAX_SMS_PER_NUMBER_PER_HOUR = 5;
    public static final int DEFAULT_MAX_SMS_PER_REALM_PER_HOUR = 500;
    public static final String DEFAULT_PHONE_ATTRIBUTE = "phoneNumber";
    public static final String DEFAULT_REGION_CODE = "DE";

    private ConfigKeys() {
    }
}
