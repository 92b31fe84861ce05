package io.github.sipgatesms.keycloak.sms.sipgate;

/** Where and as whom to send: resolved credentials (vault already applied). Never printed. */
public record SipgateEndpoint(String baseUrl, String tokenId, String token, String smsId) {

    @Override
    public String toString() {
        return "SipgateEndpoint[baseUrl=" + baseUrl + ", smsId=" + smsId + "]";
    }
}
