package io.github.sipgatesms.keycloak.sms.sipgate;

import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.vault.VaultStringSecret;

import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.sms.SmsSendException;
import io.github.sipgatesms.keycloak.sms.SmsSendException.Reason;

/** Where and as whom to send: resolved credentials (vault already applied). Never printed. */
public record SipgateEndpoint(String baseUrl, String tokenId, String token, String smsId) {

    /** Where and as whom to call sipgate for this config: credentials resolved through the vault (fail closed). */
    public static SipgateEndpoint resolve(KeycloakSession session, SmsConfig config) throws SmsSendException {
        if (!config.hasCredentials()) {
            throw new SmsSendException(Reason.CONFIGURATION, 0, "no sipgate credentials: set sipgateTokenId and sipgateToken "
                + "in Realm settings -> SMS (sipgate), or the server options --spi-authenticator--sipgate-sms--sipgate-token-id/-token");
        }
        String tokenId = resolve(session, config.tokenId(), "sipgateTokenId");
        String token = resolve(session, config.token(), "sipgateToken");
        return new SipgateEndpoint(config.baseUrl(), tokenId, token, config.smsId());
    }

    private static String resolve(KeycloakSession session, String value, String key) throws SmsSendException {
        if (!SmsConfig.isVaultReference(value)) {
            return value;
        }
        // the transcriber returns a malformed reference as a literal and an unknown key as empty
        try (VaultStringSecret secret = session.vault().getStringSecret(value)) {
            Optional<String> resolved = secret.get();
            if (resolved.isEmpty() || resolved.get().isBlank() || resolved.get().equals(value)) {
                throw new SmsSendException(Reason.CONFIGURATION, 0, "'" + key + "' is a vault reference that does not resolve; "
                    + "check the vault (--vault=file --vault-dir=..., file <realm>_<key>) - no SMS sent");
            }
            return resolved.get();
        }
    }

    @Override
    public String toString() {
        return "SipgateEndpoint[baseUrl=" + baseUrl + ", smsId=" + smsId + "]";
    }
}
