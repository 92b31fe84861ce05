package io.github.sipgatesms.keycloak.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.TokenCategory;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakUriInfo;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.TokenManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.mockito.MockedStatic;

import io.github.sipgatesms.keycloak.credential.SmsCredentialModel;

/**
 * The checks of a presented trust cookie, with Keycloak's token manager standing in: a value decodes to the token
 * minted for it, anything else to null (as a signature that does not verify).
 */
@DisplayName("trusted browser: which cookies skip the SMS")
class TrustCookieTest {

    /** A JWS whose header names HS512 (the realm's internal algorithm), and one naming RS256. */
    private static final String SIGNED = b64("{\"alg\":\"HS512\",\"typ\":\"JWT\"}") + ".e30.c2lnbmF0dXJl";
    private static final String RS256_SIGNED = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"rsa-1\"}") + ".e30.c2lnbmF0dXJl";

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static final String NUMBER = "+4915123456789";
    private static final String ISSUER = "http://localhost:8080/realms/acme";

    /** Seconds now (2030: Keycloak's Time.currentTime() is an int, so no later than 2038). */
    private final AtomicLong seconds = new AtomicLong(1_900_000_000L);
    private final Map<String, TrustToken> minted = new HashMap<>();
    private final Map<String, Cookie> cookies = new HashMap<>();
    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final UserModel user = mock(UserModel.class);
    private final UserProvider users = mock(UserProvider.class);
    private final CredentialModel credential = SmsCredentialModel.create(NUMBER);
    private MockedStatic<Time> time;

    @BeforeEach
    void setUp() {
        time = mockStatic(Time.class, CALLS_REAL_METHODS);
        time.when(Time::currentTime).thenAnswer(call -> (int) seconds.get());
        time.when(Time::currentTimeMillis).thenAnswer(call -> seconds.get() * 1000L);
        credential.setId("cred-1");
        KeycloakContext context = mock(KeycloakContext.class);
        KeycloakUriInfo uri = mock(KeycloakUriInfo.class);
        HttpHeaders headers = mock(HttpHeaders.class);
        TokenManager tokens = mock(TokenManager.class);
        SubjectCredentialManager credentials = mock(SubjectCredentialManager.class);
        when(session.getContext()).thenReturn(context);
        when(context.getUri()).thenReturn(uri);
        when(uri.getBaseUri()).thenReturn(URI.create("http://localhost:8080/"));
        when(context.getRequestHeaders()).thenReturn(headers);
        when(headers.getCookies()).thenReturn(cookies);
        when(session.tokens()).thenReturn(tokens);
        when(tokens.decode(anyString(), eq(TrustToken.class))).thenAnswer(call -> minted.get(call.<String>getArgument(0)));
        when(tokens.signatureAlgorithm(TokenCategory.INTERNAL)).thenReturn("HS512");
        when(session.users()).thenReturn(users);
        when(realm.getName()).thenReturn("acme");
        when(user.getId()).thenReturn("user-1");
        when(user.credentialManager()).thenReturn(credentials);
        when(credentials.getStoredCredentialsByTypeStream(SmsCredentialModel.TYPE)).thenAnswer(call -> Stream.of(credential));
        when(users.getNotBeforeOfUser(any(), any())).thenReturn(0);
    }

    @AfterEach
    void tearDown() {
        time.close();
    }

    /** A token as the realm mints it, presented by the browser. */
    private void present(String subject, String binding, long issuedAt, long expires) {
        TrustToken token = new TrustToken(ISSUER, subject, binding, issuedAt, expires);
        minted.put(SIGNED, token);
        cookies.put(TrustCookie.COOKIE, new Cookie.Builder(TrustCookie.COOKIE).value(SIGNED).build());
    }

    private boolean trusts(int days) {
        return new TrustCookie(session, realm).trusts(user, NUMBER, days);
    }

    private long now() {
        return seconds.get();
    }

    @Test
    @DisplayName("a valid cookie of this user, number and credential skips the SMS until its days pass")
    void valid() {
        present("user-1", TrustCookie.binding("cred-1", NUMBER), now(), now() + 2 * 86_400);
        assertThat(trusts(2)).isTrue();
        seconds.addAndGet(2 * 86_400 - 1);
        assertThat(trusts(2)).isTrue();
        seconds.addAndGet(1);
        assertThat(trusts(2)).isFalse();
    }

    @Test
    @DisplayName("off (0 days), or the days lowered below the cookie's age: void")
    void settingDecides() {
        present("user-1", TrustCookie.binding("cred-1", NUMBER), now(), now() + 30 * 86_400);
        assertThat(trusts(0)).isFalse();
        seconds.addAndGet(3 * 86_400);
        assertThat(trusts(30)).isTrue();
        assertThat(trusts(3)).isFalse();
    }

    @Test
    @DisplayName("another user's, another number's or another credential's cookie: void")
    void bound() {
        present("user-2", TrustCookie.binding("cred-1", NUMBER), now(), now() + 86_400);
        assertThat(trusts(1)).as("another user").isFalse();
        present("user-1", TrustCookie.binding("cred-1", "+4915199999999"), now(), now() + 86_400);
        assertThat(trusts(1)).as("another number").isFalse();
        present("user-1", TrustCookie.binding("cred-0", NUMBER), now(), now() + 86_400);
        assertThat(trusts(1)).as("another credential (renewed or removed)").isFalse();
    }

    @Test
    @DisplayName("the same claims signed with another realm key and algorithm (RS256): void, though Keycloak's decoder accepts it")
    void otherAlgorithm() {
        present("user-1", TrustCookie.binding("cred-1", NUMBER), now(), now() + 86_400);
        minted.put(RS256_SIGNED, minted.get(SIGNED));
        cookies.put(TrustCookie.COOKIE, new Cookie.Builder(TrustCookie.COOKIE).value(RS256_SIGNED).build());
        assertThat(trusts(1)).isFalse();
    }

    @Test
    @DisplayName("a cookie the realm did not mint (altered, garbage, another realm): void")
    void unverified() {
        present("user-1", TrustCookie.binding("cred-1", NUMBER), now(), now() + 86_400);
        cookies.put(TrustCookie.COOKIE, new Cookie.Builder(TrustCookie.COOKIE).value(SIGNED + "x").build());
        assertThat(trusts(1)).isFalse();
        cookies.put(TrustCookie.COOKIE, new Cookie.Builder(TrustCookie.COOKIE).value("garbage").build());
        assertThat(trusts(1)).as("garbage").isFalse();
        cookies.clear();
        assertThat(trusts(1)).as("no cookie").isFalse();
    }

    @Test
    @DisplayName("minted before the user's or the realm's not-before (sessions ended by an administrator): void")
    void notBefore() {
        present("user-1", TrustCookie.binding("cred-1", NUMBER), now(), now() + 86_400);
        int later = (int) now() + 1;
        int same = (int) now();
        when(users.getNotBeforeOfUser(realm, user)).thenReturn(later);
        assertThat(trusts(1)).isFalse();
        when(users.getNotBeforeOfUser(realm, user)).thenReturn(same);
        assertThat(trusts(1)).as("minted in the second of the sign-out: kept, as Keycloak's tokens").isTrue();
        when(realm.getNotBefore()).thenReturn(later);
        assertThat(trusts(1)).isFalse();
    }
}
