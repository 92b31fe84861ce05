package io.github.sipgatesms.keycloak.trust;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;

import org.keycloak.TokenCategory;
import org.keycloak.common.util.Time;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.Urls;
import org.keycloak.services.resources.RealmsResource;

import io.github.sipgatesms.keycloak.credential.SmsCredentialModel;

/**
 * "Don't ask again on this browser" (setting {@code trustBrowserDays}, docs/security.md): after a right code with
 * {@code trust} checked, the browser gets a cookie holding a {@link TrustToken} that the realm signed. On the user's
 * next login the step skips the SMS if, and only if, the token verifies with this realm's internal HMAC key, names this user, is
 * younger than both its own expiry and the days set now, was minted after the realm's and the user's not-before
 * (an administrator's "Sign out" / "Logout all" / revocation), and is bound to the stored number the codes would go
 * to now: its {@value SmsCredentialModel#TYPE} credential's id and the number. A changed number, a removed number
 * and a user's "sign out all devices" (which renews the credential: {@link TrustRevocationListener}) void it.
 * Nothing is written at a trusted login; nothing here ever sends or shows anything.
 */
public final class TrustCookie {

    public static final String COOKIE = "SIPGATE_SMS_TRUST";
    static final int DAY_SECONDS = 86_400;
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final KeycloakSession session;
    private final RealmModel realm;

    public TrustCookie(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Whether this browser's cookie proves trust for the user and the number {@code e164} codes would go to now. */
    public boolean trusts(UserModel user, String e164, int days) {
        Cookie cookie = days <= 0 ? null : session.getContext().getRequestHeaders().getCookies().get(COOKIE);
        if (cookie == null || cookie.getValue() == null || cookie.getValue().isBlank()) {
            return false;
        }
        TrustToken token = decode(cookie.getValue());
        if (token == null || !TrustToken.TYPE.equals(token.getType()) || !issuer().equals(token.getIssuer())
            || !user.getId().equals(token.getSubject()) || token.getIat() == null || !token.isActive()) {
            return false;
        }
        long issued = token.getIat();
        int notBefore = Math.max(realm.getNotBefore(), session.users().getNotBeforeOfUser(realm, user));
        if (issued + (long) days * DAY_SECONDS <= Time.currentTime() || issued < notBefore) {
            return false;
        }
        byte[] expected = credential(user, e164).map(c -> binding(c.getId(), e164)).orElse("").getBytes(StandardCharsets.UTF_8);
        byte[] presented = token.binding() == null ? new byte[0] : token.binding().getBytes(StandardCharsets.UTF_8);
        return expected.length > 0 && MessageDigest.isEqual(expected, presented);
    }

    /**
     * The token, when it is signed with the realm's internal (HMAC) algorithm, as {@link #remember} signs it, and that
     * signature verifies; else null. Keycloak's {@code decode} alone accepts any enabled realm key and algorithm the
     * token's header names, so another realm-signed token (or one signed with an RSA key an administrator added) would
     * pass it.
     */
    private TrustToken decode(String value) {
        try {
            String algorithm = new JWSInput(value).getHeader().getRawAlgorithm();
            if (!session.tokens().signatureAlgorithm(TokenCategory.INTERNAL).equals(algorithm)) {
                return null;
            }
            // null when the signature does not verify with this realm's keys (altered, another realm's, garbage)
            return session.tokens().decode(value, TrustToken.class);
        } catch (JWSInputException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Gives this browser the cookie for the user and the number a right code just went to; false (no cookie) when
     * the number has no stored credential to bind to.
     */
    public boolean remember(UserModel user, String e164, int days) {
        Optional<SmsCredentialModel> credential = credential(user, e164);
        if (days <= 0 || credential.isEmpty()) {
            return false;
        }
        if (!credential.get().mayHaveTrustedBrowsers()) {
            // the code page offers "forget" from now on (one write, at the first trust only)
            user.credentialManager().updateStoredCredential(credential.get().withBrowsersTrusted(true));
        }
        long now = Time.currentTime();
        int maxAge = days * DAY_SECONDS;
        String value = session.tokens().encode(new TrustToken(issuer(), user.getId(), binding(credential.get().getId(), e164), now,
            now + maxAge));
        NewCookie cookie = new NewCookie.Builder(COOKIE).value(value).path(path()).maxAge(maxAge).httpOnly(true)
            .secure(secure()).sameSite(NewCookie.SameSite.LAX).build();
        session.getContext().getHttpResponse().setCookieIfAbsent(cookie);
        return true;
    }

    /** The binding to a stored number: its credential's id and the number, hashed (the cookie never holds the number). */
    static String binding(String credentialId, String e164) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((credentialId + "\n" + e164).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static Optional<SmsCredentialModel> credential(UserModel user, String e164) {
        return user.credentialManager().getStoredCredentialsByTypeStream(SmsCredentialModel.TYPE).map(SmsCredentialModel::from)
            .filter(stored -> e164.equals(stored.phoneNumber())).findFirst();
    }

    private String issuer() {
        return Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
    }

    /** The realm's path, as Keycloak's own realm cookies: the browser sends it to no other realm. */
    private String path() {
        return RealmsResource.realmBaseUrl(session.getContext().getUri()).path("/").build(realm.getName()).getRawPath();
    }

    /** Secure except on plain-http loopback (development), where a browser would not send it back otherwise. */
    private boolean secure() {
        String scheme = session.getContext().getUri().getBaseUri().getScheme();
        String host = session.getContext().getUri().getBaseUri().getHost();
        return !("http".equalsIgnoreCase(scheme) && host != null && LOOPBACK.contains(host.toLowerCase(Locale.ROOT)));
    }
}
