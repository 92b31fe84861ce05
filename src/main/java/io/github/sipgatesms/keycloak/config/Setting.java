package io.github.sipgatesms.keycloak.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Every setting of the extension, declared once: key, kind, default, bounds, admin label and help, whether it is
 * secret, and whether it exists only as a server option. The admin form ({@link #policyForm(false)}), the server
 * options ({@link #serverForm()}, {@link ServerOptions}), the parsing with clamping ({@link SmsConfig}), provider
 * info and the README's configuration table (compared by a test) all derive from these declarations.
 */
public enum Setting {

    SIPGATE_BASE_URL("sipgateBaseUrl", Kind.TEXT, "https://api.sipgate.com/v2",
        "https URL (http only for loopback)", "sipgate API base URL",
        "Root of the sipgate REST API; leave empty for sipgate's. Must be https (http only for a loopback test server). "
            + "Ignored when the credentials come from the server-wide options: then the server's base URL is used."),
    SIPGATE_TOKEN_ID("sipgateTokenId", Kind.TEXT, null,
        "`token-` + 6 letters/digits, or `${vault.key}`", "sipgate token id",
        "Personal Access Token id from the sipgate web app (token- followed by 6 letters or digits), or a vault "
            + "reference such as ${vault.sipgate-token-id}. Leave empty to use the server-wide option."),
    SIPGATE_TOKEN("sipgateToken", Kind.SECRET, null,
        "secret; literal or `${vault.key}`", "sipgate token",
        "Personal Access Token (scope sessions:sms:write). Prefer a vault reference such as ${vault.sipgate-token} or "
            + "the server-wide option: Keycloak before 26.7.3 returns this field in clear through the admin API. "
            + "Leave empty to use the server-wide option."),
    SIPGATE_SMS_ID("sipgateSmsId", Kind.TEXT, "s0",
        "`s` + digits", "sipgate SMS extension id",
        "Web SMS extension that sends the codes: s followed by digits (sipgate web app, or GET /v2/{userId}/sms)."),
    CODE_LENGTH("codeLength", 6, 6, 10, "", "Code length", "Digits in each code."),
    CODE_TTL_SECONDS("codeTtlSeconds", 300, 10, 600, "", "Code lifetime (seconds)",
        "How long a code stays valid after it was sent (NIST SP 800-63B: at most 10 minutes)."),
    MAX_ATTEMPTS("maxAttempts", 5, 1, 10, "", "Wrong entries per code",
        "Wrong entries allowed for one code; after that the code is void and the user must request a new one."),
    RESEND_COOLDOWN_SECONDS("resendCooldownSeconds", 30, 0, 3600, " (0 = none)", "Resend cooldown (seconds)",
        "Minimum gap between two SMS to one user, across logins, tabs and cluster nodes (0 = none). A failed send counts too."),
    MAX_SMS_PER_USER_PER_HOUR("maxSmsPerUserPerHour", 5, 1, 1_000_000, "", "SMS per user per hour",
        "Cap of SMS to one user in a rolling hour, across the cluster. The user then sees 'try again in N minutes'; "
            + "the event sipgate_sms_limit names the limit."),
    MAX_SMS_PER_NUMBER_PER_HOUR("maxSmsPerNumberPerHour", 5, 1, 1_000_000, "", "SMS per number per hour",
        "Cap of SMS to one phone number in a rolling hour, across the cluster (users may share a number)."),
    MAX_SMS_PER_REALM_PER_HOUR("maxSmsPerRealmPerHour", 500, 1, 1_000_000, "", "SMS per realm per hour",
        "Budget of SMS for the whole realm in a rolling hour: the brake against SMS pumping (toll fraud)."),
    MAX_SMS_PER_ADDRESS_PER_HOUR("maxSmsPerAddressPerHour", 10, 1, 1_000_000, "", "SMS per client address per hour",
        "Cap of code requests from one client address (as Keycloak's proxy settings report it) in a rolling hour, across the "
            + "cluster, where nothing before the step proved who is there: a password reset by SMS alone, phone sign-in. "
            + "Requests for unknown accounts count too, so the cap tells nobody whether an account exists."),
    REGISTRATION_SHARE_PERCENT("registrationSharePercent", 20, 1, 100, " (% of the realm budget)", "Registration share of the budget (%)",
        "Share of 'SMS per realm per hour' that SMS to numbers not yet proven (registrations) may use in a rolling hour, so "
            + "self-registered accounts cannot use up the budget that logins to proven numbers need."),
    PROOFLESS_SHARE_PERCENT("prooflessSharePercent", 20, 1, 100, " (% of the realm budget)", "Proof-less share of the budget (%)",
        "Share of 'SMS per realm per hour' that SMS anyone can request without a proof (password reset by SMS alone, phone "
            + "sign-in) may use in a rolling hour, so strangers cannot use up the budget that logins need."),
    ALLOWED_REGIONS("allowedRegions", Kind.TEXT, null,
        "ISO 3166 codes, comma-separated (empty = all)", "Allowed regions",
        "ISO 3166 country codes, comma-separated (e.g. DE,AT,CH). Numbers of other regions get no SMS, at login and at "
            + "registration. Empty = all regions. Set it to your users' countries: SMS pumping targets expensive foreign numbers."),
    PHONE_ATTRIBUTE("phoneAttribute", Kind.TEXT, "phoneNumber",
        "attribute name", "Phone number attribute",
        "User attribute holding an administrator-provisioned mobile number. Declare it in the realm's user profile "
            + "(edit: admin only), or Keycloak drops it. A user with a value here is never sent to the number registration."),
    DEFAULT_REGION("defaultRegion", Kind.TEXT, "DE",
        "ISO 3166 code", "Default region",
        "ISO 3166 country code used for numbers written without +country code, e.g. DE for 0151 23456789."),
    SIMULATION("simulation", Kind.BOOLEAN, "false",
        "boolean", "Simulation (no SMS)",
        "Write the SMS, code included, to the server log instead of sending it. For demos only. Honoured only when the "
            + "server sets --spi-authenticator--sipgate-sms--allow-simulation=true; switched off here, the server's "
            + "simulation option still applies."),
    TRUST_BROWSER_DAYS("trustBrowserDays", 0, 0, 90, " (0 = off)", "Trust browser (days)",
        "Days a browser skips the SMS after a right code with 'Don't ask again on this browser' checked (0 = off, the "
            + "default; at most 90). A stolen, unlocked device then skips the SMS for that long. Void sooner when the number "
            + "changes, the number is removed, or the user's sessions are ended (by the user or an administrator)."),
    PASSKEY_NUDGE_DAYS("passkeyNudgeDays", 0, 0, 365, " (0 = off)", "Passkey offer (days)",
        "After a login with a typed SMS code, offer a user without a passkey to add one (Keycloak's passkey registration); "
            + "asked again this many days after 'Not now' (0 = off, the default). Enable the required actions 'Offer a passkey "
            + "after an SMS login' and 'Webauthn Register Passwordless'."),

    /** Server only: without it, {@link #SIMULATION} is ignored everywhere. */
    ALLOW_SIMULATION("allowSimulation", Kind.SERVER_BOOLEAN, "false", "boolean", "Allow simulation",
        "Allow the simulation setting (SMS written to the log instead of sent). Never in production."),
    /** Server only: concurrent sipgate requests per node; beyond it a send fails at once. */
    MAX_CONCURRENT_SENDS("maxConcurrentSends", Kind.SERVER_INTEGER, "16", "1..1000", "Concurrent sends",
        "SMS requests to sipgate in flight at once on this node. Beyond it a login gets 'could not send' at once instead "
            + "of waiting, so a slow or hung sipgate cannot take all of Keycloak's worker threads. Keep it well below "
            + "http-pool-max-threads.", 1, 1000);

    /** What a value is; decides the admin form's field type and how {@link SmsConfig} reads it. */
    enum Kind { TEXT, SECRET, INTEGER, BOOLEAN, SERVER_BOOLEAN, SERVER_INTEGER }

    private final String key;
    private final Kind kind;
    private final String defaultValue;
    private final String range;
    private final String label;
    private final String help;
    private final int min;
    private final int max;

    Setting(String key, Kind kind, String defaultValue, String range, String label, String help) {
        this(key, kind, defaultValue, range, label, help, 0, 0);
    }

    Setting(String key, int defaultValue, int min, int max, String rangeNote, String label, String help) {
        this(key, Kind.INTEGER, Integer.toString(defaultValue), min + ".." + max + rangeNote, label, help, min, max);
    }

    Setting(String key, Kind kind, String defaultValue, String range, String label, String help, int min, int max) {
        this.key = key;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.range = range;
        this.label = label;
        this.help = help;
        this.min = min;
        this.max = max;
    }

    /** The realm SMS policy key (camelCase), as in realm JSON and the server options' source. */
    public String key() { return key; }

    /** The server option: {@code --spi-authenticator--sipgate-sms--<option name>}. */
    public String optionName() {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The built-in default, or null where there is none (credentials, regions). */
    public String defaultValue() { return defaultValue; }

    /** The values it takes, as the README's configuration table says. */
    public String range() { return range; }

    public int min() { return min; }

    public int max() { return max; }

    public boolean secret() { return kind == Kind.SECRET; }

    /** Only a server option, never part of the realm SMS policy. */
    public boolean serverOnly() { return kind == Kind.SERVER_BOOLEAN || kind == Kind.SERVER_INTEGER; }

    /** The settings of the realm SMS policy, in the order the admin console shows them. */
    public static List<Setting> policySettings() {
        return Arrays.stream(values()).filter(s -> !s.serverOnly()).toList();
    }

    /**
     * The form of the "SMS (sipgate)" tab. No field is pre-filled: the admin console would store a pre-filled default on
     * save and so pin it over a server option; the help text names the default instead. Where the server itself
     * simulates, the simulation switch says so in label and help (its own state, Off, would mislead).
     */
    public static List<ProviderConfigProperty> policyForm(boolean serverSimulates) {
        var builder = ProviderConfigurationBuilder.create();
        for (Setting setting : policySettings()) {
            boolean onForAll = serverSimulates && setting == SIMULATION;
            builder.property().name(setting.key).label(onForAll ? setting.label + ": on for the whole server" : setting.label)
                .type(setting.formType()).secret(setting.secret())
                .helpText((onForAll ? "The server simulates (option simulation=true): every realm's SMS are written to the log, "
                    + "not sent, whatever this switch shows. Turn the server option off to send SMS. " : "")
                    + setting.help + setting.defaultNote()).add();
        }
        return builder.build();
    }

    /** The server options, as {@code kc.sh} lists them (kebab-case names). */
    public static List<ProviderConfigProperty> serverForm() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();
        for (Setting setting : values()) {
            builder.property().name(setting.optionName()).label(setting.label)
                .type(setting.kind == Kind.SECRET ? ProviderConfigProperty.STRING_TYPE : setting.formType())
                .secret(setting.secret()).helpText(setting.help).defaultValue(setting.defaultValue).add();
        }
        return builder.build();
    }

    private String formType() {
        return switch (kind) {
            case SECRET -> ProviderConfigProperty.PASSWORD;
            case INTEGER, SERVER_INTEGER -> ProviderConfigProperty.INTEGER_TYPE;
            case BOOLEAN, SERVER_BOOLEAN -> ProviderConfigProperty.BOOLEAN_TYPE;
            default -> ProviderConfigProperty.STRING_TYPE;
        };
    }

    private String defaultNote() {
        if (kind == Kind.BOOLEAN) {
            return " Off here leaves the choice to the server option " + optionName() + ".";
        }
        String bounds = kind == Kind.INTEGER ? " Range " + min + " to " + max + "." : "";
        String fallback = defaultValue == null ? "none" : defaultValue;
        return bounds + " Empty: the server option " + optionName() + ", else " + fallback + ".";
    }
}
