package io.github.sipgatesms.keycloak.trust;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.keycloak.TokenCategory;
import org.keycloak.representations.JsonWebToken;

/**
 * The content of the trusted-browser cookie: a JWT the realm signs with its internal key (HS512 by default, like
 * Keycloak's own internal tokens), so only the realm can mint one and any change voids it. It names the user
 * ({@code sub}), the realm ({@code iss}), when it was minted and when it ends, and a binding to the stored number
 * ({@link TrustCookie#binding}): a hash, never the number itself.
 */
public final class TrustToken extends JsonWebToken {

    static final String TYPE = "sipgate-sms-trust";

    @JsonProperty("bind")
    private String binding;

    /** For JSON. */
    public TrustToken() {
    }

    TrustToken(String issuer, String userId, String binding, long issuedAt, long expires) {
        issuer(issuer);
        subject(userId);
        type(TYPE);
        iat(issuedAt);
        exp(expires);
        this.binding = binding;
    }

    String binding() {
        return binding;
    }

    @Override
    public TokenCategory getCategory() {
        return TokenCategory.INTERNAL;
    }
}
