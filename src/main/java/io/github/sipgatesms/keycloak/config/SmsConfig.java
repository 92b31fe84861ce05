package io.github.sipgatesms.keycloak.config;

import static io.github.sipgatesms.keycloak.config.Setting.*;

import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

/**
 * Typed, null-safe view of a realm's SMS policy, merged with the server-wide options.
 * Precedence: realm SMS policy, then server option, then built-in default ({@link Setting}). Two safety rules:
 * credentials taken from the server always go to the server's base URL (a realm administrator must not redirect
 * the server's token), and simulation is honoured only where the server allows it; a policy can switch it on
 * but never off (the admin console stores an untouched switch as {@code false}); and where the server's credentials pay,
 * a policy may lower the server's caps and narrow its regions, never exceed them (SECURITY.md 43).
 * Values that reach the store past the tab's check (realm JSON import, older stores) are clamped or replaced by the
 * default here, with a WARN that names the key.
 */
public record SmsConfig(
    String baseUrl,
    String tokenId,
    String token,
    String smsId,
    int codeLength,
    int codeTtlSeconds,
    int maxAttempts,
    int resendCooldownSeconds,
    int maxSmsPerUserPerHour,
    int maxSmsPerNumberPerHour,
    int maxSmsPerRealmPerHour,
    int maxSmsPerAddressPerHour,
    int registrationSharePercent,
    int prooflessSharePercent,
    Set<String> allowedRegions,
    String phoneAttribute,
    String defaultRegion,
    boolean simulation,
    Credentials credentials,
    int trustBrowserDays,
    int passkeyNudgeDays) {

    /** Where the sipgate credentials come from. */
    public enum Credentials {
        NONE("none"), SERVER("server-wide options"), REALM("realm SMS policy");

        private final String label;

        Credentials(String label) {
            this.label = label;
        }

        /** How provider info and the connection test name it. */
        public String label() {
            return label;
        }
    }

    private static final Logger LOG = Logger.getLogger(SmsConfig.class);
    private static final Pattern TOKEN_ID = Pattern.compile("token-[A-Za-z0-9]{6}");
    private static final Pattern SMS_ID = Pattern.compile("s\\d+");
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z0-9._:-]{1,255}");

    public static SmsConfig of(Map<String, String> policy, ServerOptions server) {
        return of(policy, server, LOG::warn);
    }

    /** {@code ceilingWarnings}: where a WARN that a policy value exceeds the server's goes (the resolver names each once). */
    static SmsConfig of(Map<String, String> policy, ServerOptions server, Consumer<String> ceilingWarnings) {
        Map<String, String> exec = policy == null ? Map.of() : policy;
        ServerOptions srv = server == null ? ServerOptions.NONE : server;
        Source src = new Source(exec, srv, ceilingWarnings);

        String execTokenId = blankToNull(exec.get(SIPGATE_TOKEN_ID.key()));
        String execToken = blankToNull(exec.get(SIPGATE_TOKEN.key()));
        boolean fromServer = execTokenId == null || execToken == null;
        String tokenId = fromServer ? srv.get(SIPGATE_TOKEN_ID) : execTokenId;
        String token = fromServer ? srv.get(SIPGATE_TOKEN) : execToken;
        if (fromServer && (execTokenId != null || execToken != null)) {
            LOG.warnf("sipgate-sms: only one of '%s' and '%s' is set in the realm SMS policy; both are taken from "
                + "the server-wide options instead. Set both in the policy, or neither.", SIPGATE_TOKEN_ID.key(), SIPGATE_TOKEN.key());
        }
        if (tokenId != null && !isVaultReference(tokenId) && !TOKEN_ID.matcher(tokenId).matches()) {
            LOG.warnf("sipgate-sms: '%s' does not look like a sipgate token id (token- followed by 6 letters or digits); "
                + "sipgate will probably reject it.", SIPGATE_TOKEN_ID.key());
        }
        Credentials credentials = tokenId == null || token == null ? Credentials.NONE
            : fromServer ? Credentials.SERVER : Credentials.REALM;

        String baseUrl;
        if (fromServer) {
            // safety rule 1: the server's token only ever goes to the server's base URL
            String execUrl = blankToNull(exec.get(SIPGATE_BASE_URL.key()));
            if (execUrl != null && !SIPGATE_BASE_URL.defaultValue().equals(execUrl)) {
                LOG.warnf("sipgate-sms: '%s' of the realm SMS policy is ignored because the credentials come from the "
                    + "server-wide options; set the server option %s instead.", SIPGATE_BASE_URL.key(), SIPGATE_BASE_URL.optionName());
            }
            baseUrl = Values.baseUrl(srv.get(SIPGATE_BASE_URL));
        } else {
            baseUrl = Values.baseUrl(src.raw(SIPGATE_BASE_URL));
        }

        // safety rule 2: a realm administrator must not make codes appear in the server log; and a policy's
        // "false" (what the admin console stores for an untouched switch) never overrides the server's choice
        boolean simulationWanted = bool(exec.get(SIMULATION.key())) || bool(srv.get(SIMULATION));
        if (simulationWanted && !srv.allowSimulation()) {
            LOG.warnf("sipgate-sms: '%s' is ignored because the server does not allow it "
                + "(--spi-authenticator--sipgate-sms--%s=true).", SIMULATION.key(), ALLOW_SIMULATION.optionName());
        }

        // safety rule 3 (SECURITY.md 43): where the server's credentials pay, a policy may lower the server's caps and
        // narrow its regions, never exceed them
        boolean serverPays = credentials == Credentials.SERVER;
        return new SmsConfig(
            baseUrl,
            tokenId,
            token,
            src.matching(SIPGATE_SMS_ID, SMS_ID),
            src.integer(CODE_LENGTH),
            src.integer(CODE_TTL_SECONDS),
            src.integer(MAX_ATTEMPTS),
            src.integer(RESEND_COOLDOWN_SECONDS),
            src.cap(MAX_SMS_PER_USER_PER_HOUR, serverPays),
            src.cap(MAX_SMS_PER_NUMBER_PER_HOUR, serverPays),
            src.cap(MAX_SMS_PER_REALM_PER_HOUR, serverPays),
            src.cap(MAX_SMS_PER_ADDRESS_PER_HOUR, serverPays),
            src.integer(REGISTRATION_SHARE_PERCENT),
            src.integer(PROOFLESS_SHARE_PERCENT),
            src.regions(serverPays),
            src.matching(PHONE_ATTRIBUTE, ATTRIBUTE),
            Values.region(src.raw(DEFAULT_REGION)),
            simulationWanted && srv.allowSimulation(),
            credentials,
            src.integer(TRUST_BROWSER_DAYS),
            src.integer(PASSKEY_NUDGE_DAYS));
    }

    public boolean hasCredentials() {
        return credentials != Credentials.NONE;
    }

    public boolean credentialsFromServer() {
        return credentials == Credentials.SERVER;
    }

    public static boolean isVaultReference(String value) {
        return value != null && value.startsWith("${vault.");
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "SmsConfig[baseUrl=" + baseUrl + ", tokenId=" + (tokenId == null ? "unset" : "set")
            + ", token=" + (token == null ? "unset" : "***") + ", smsId=" + smsId + ", codeLength=" + codeLength
            + ", codeTtlSeconds=" + codeTtlSeconds + ", maxAttempts=" + maxAttempts
            + ", resendCooldownSeconds=" + resendCooldownSeconds + ", allowedRegions=" + allowedRegions
            + ", phoneAttribute=" + phoneAttribute + ", defaultRegion=" + defaultRegion
            + ", simulation=" + simulation + ", credentials=" + credentials + "]";
    }

    private static boolean bool(String raw) {
        return raw != null && "true".equalsIgnoreCase(raw.trim());
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
