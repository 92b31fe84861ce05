package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.UserBuilder;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

import io.github.sipgatesms.keycloak.it.support.FormLogin;
import io.github.sipgatesms.keycloak.it.support.RealmPolicy;
import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;

/**
 * "Don't ask again on this browser" ({@code trustBrowserDays}, SECURITY.md 29): the checkbox in Chromium, the rest with
 * a browser-less client that keeps cookies ({@link FormLogin}; "restarting" it keeps only the trust cookie).
 */
@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("trusted browser: a realm-signed cookie skips the SMS for N days, void on every change that must void it")
class TrustedBrowserIT extends SmsBrowserTest {

    private static final String COOKIE = "SIPGATE_SMS_TRUST";

    /** Realms of their own: the time offsets below leave send-limit entries that must not reach other tests' realms. */
    @InjectRealm(config = SmsRealmConfig.class, ref = "trust")
    ManagedRealm realm;

    @InjectOAuthClient(ref = "trust", realmRef = "trust")
    OAuthClient trustOauth;

    @InjectEvents(realmRef = "trust")
    Events events;

    @InjectRealm(config = SmsRealmConfig.class, ref = "other")
    ManagedRealm other;

    @InjectOAuthClient(ref = "other", realmRef = "other")
    OAuthClient otherOauth;

    @InjectTimeOffSet(enableForCaches = true)
    TimeOffSet timeOffSet;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @Override
    OAuthClient oauth() {
        return trustOauth;
    }

    /** A user of this test with a fresh provisioned number, who logged in once with "trust" checked: their browser. */
    private record Trusted(String id, String name, String number, FormLogin browser) {
    }

    private Trusted trustedUser(String name) {
        String number = freshNumber();
        String id = newUser(name, number);
        FormLogin browser = new FormLogin();
        FormLogin.Page code = browser.toCodePage(trustOauth, name, PASSWORD);
        assertThat(code.isCodePage()).as("code page for %s", name).isTrue();
        FormLogin.Page done = browser.submitCode(code, sipgate.lastTo(number).orElseThrow().code(), true);
        assertThat(done.loggedIn()).isTrue();
        assertThat(browser.cookie(COOKIE)).as("trust cookie").isNotBlank();
        browser.keepOnly(COOKIE);
        return new Trusted(id, name, number, browser);
    }

    /** Logs in again with the browser (restarted: only the trust cookie); true when no SMS was needed. */
    private boolean skipsSms(Trusted user) {
        int before = sipgate.sent().size();
        FormLogin.Page page = user.browser().toCodePage(trustOauth, user.name(), PASSWORD);
        user.browser().keepOnly(COOKIE);
        if (page.loggedIn()) {
            assertThat(sipgate.sent()).hasSize(before);
            return true;
        }
        assertThat(page.isCodePage()).as("either logged in or on the code page: %s", page.messages()).isTrue();
        assertThat(sipgate.sent()).as("the step sends as usual").hasSize(before + 1);
        return false;
    }

    @Test
    @DisplayName("with trustBrowserDays 0 (the default) the code page has no checkbox, and a checked 'trust' posted anyway sets no cookie")
    void offByDefault() {
        passwordStep("alice-off", PASSWORD, freshNumber());
        codePage.assertCurrent();
        assertThat(driver.driver().findElements(By.name("trust"))).isEmpty();

        String number = freshNumber();
        newUser("off-user", number);
        FormLogin browser = new FormLogin();
        FormLogin.Page code = browser.toCodePage(trustOauth, "off-user", PASSWORD);
        assertThat(browser.submitCode(code, sipgate.lastTo(number).orElseThrow().code(), true).loggedIn()).isTrue();
        assertThat(browser.cookie(COOKIE)).isNull();
    }

    @Test
    @DisplayName("with trustBrowserDays 30: an unchecked checkbox in both login themes; checked, a right code sets an HttpOnly, SameSite=Lax cookie for the realm's path only")
    void checkboxAndCookie() {
        policy(Map.of("trustBrowserDays", "30"));
        for (String theme : List.of("keycloak.v2", "keycloak")) {
            loginTheme(theme);
            String number = freshNumber();
            String name = "box-" + theme.replace('.', '-');
            passwordStep(name, PASSWORD, number);
            codePage.assertCurrent();
            var box = driver.driver().findElement(By.name("trust"));
            assertThat(box.getAttribute("type")).isEqualTo("checkbox");
            assertThat(box.isSelected()).as("unchecked by default (%s)", theme).isFalse();
            assertThat(driver.driver().findElement(By.cssSelector("label[for=trust]")).getText())
                .isEqualTo("Don't ask again on this browser for 30 days");
            box.click();
            codePage.submitCode(sipgate.lastTo(number).orElseThrow().code());
            assertThat(trustOauth.parseLoginResponse().isSuccess()).isTrue();
            // the browser shows a cookie only to pages under its path: the realm's
            driver.open(realm.getBaseUrl() + "/.well-known/openid-configuration");
            Cookie cookie = driver.driver().manage().getCookieNamed(COOKIE);
            assertThat(cookie).as("trust cookie (%s)", theme).isNotNull();
            assertThat(cookie.isHttpOnly()).isTrue();
            assertThat(cookie.getSameSite()).isEqualTo("Lax");
            assertThat(cookie.getPath()).isEqualTo("/realms/" + realm.getName() + "/");
            assertThat(cookie.isSecure()).as("plain-http localhost: not Secure, or the browser would not send it back").isFalse();
            assertThat(cookie.getExpiry()).isNotNull();
            assertThat(cookie.getValue()).doesNotContain(number.substring(3)).doesNotContain("23456789");
            logout();
        }
    }

    @Test
    @DisplayName("the next login on that browser skips the SMS; the LOGIN event says so; after the days it sends again")
    void skipsUntilTheDaysPass() {
        policy(Map.of("trustBrowserDays", "2"));
        Trusted user = trustedUser("trust-days");
        long started = System.currentTimeMillis();
        assertThat(skipsSms(user)).isTrue();
        List<EventRepresentation> events = eventsOf(user.id(), e -> "LOGIN".equals(e.getType()) && e.getTime() >= started
            && "used".equals(detail(e, "sipgate_sms_trusted_browser")));
        assertThat(events).filteredOn(e -> "LOGIN".equals(e.getType()) && e.getTime() >= started).singleElement()
            .satisfies(e -> assertThat(detail(e, "sipgate_sms_sent")).isEqualTo("0"));
        try {
            timeOffSet.set(86_400 + 3600);
            assertThat(skipsSms(user)).as("a day later").isTrue();
            timeOffSet.set(2 * 86_400 + 60);
            assertThat(skipsSms(user)).as("two days later").isFalse();
        } finally {
            timeOffSet.set(0);
        }
    }

    @Test
    @DisplayName("void when the number changes (which then waits for the administrator), and when the number's credential is removed")
    void numberChangedOrRemoved() {
        policy(Map.of("trustBrowserDays", "30"));
        Trusted changed = trustedUser("trust-changed");
        UserRepresentation rep = realm.admin().users().get(changed.id()).toRepresentation();
        String newNumber = freshNumber();
        rep.getAttributes().put("phoneNumber", List.of(newNumber));
        realm.admin().users().get(changed.id()).update(rep);
        int before = sipgate.sent().size();
        FormLogin.Page page = changed.browser().toCodePage(trustOauth, changed.name(), PASSWORD);
        assertThat(page.loggedIn()).as("the trust is void").isFalse();
        // the new number itself waits for the administrator (SECURITY.md 39): no SMS to it either
        assertThat(page.messages()).contains("ask your administrator to confirm the new number");
        assertThat(sipgate.sent()).hasSize(before);

        Trusted removed = trustedUser("trust-removed");
        CredentialRepresentation credential = realm.admin().users().get(removed.id()).credentials().stream()
            .filter(c -> "sipgate-sms".equals(c.getType())).findFirst().orElseThrow();
        realm.admin().users().get(removed.id()).removeCredential(credential.getId());
        assertThat(skipsSms(removed)).isFalse();
    }

    @Test
    @DisplayName("void when an administrator signs the user out, and when the user signs out all devices in the account console")
    void sessionsEnded() throws Exception {
        policy(Map.of("trustBrowserDays", "30"));
        Trusted byAdmin = trustedUser("trust-admin-logout");
        Thread.sleep(1100);
        realm.admin().users().get(byAdmin.id()).logout();
        assertThat(skipsSms(byAdmin)).isFalse();

        Trusted byUser = trustedUser("trust-user-logout");
        // the browser's session is alive; the user signs out all other sessions from another one (account REST, as the console)
        FormLogin.Page again = byUser.browser().toCodePage(trustOauth, byUser.name(), PASSWORD);
        assertThat(again.loggedIn()).as("trusted: logged in without SMS").isTrue();
        String token = trustOauth.doPasswordGrantRequest(byUser.name(), PASSWORD).getAccessToken();
        HttpResponse<String> signOut = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(realm.getBaseUrl() + "/account/sessions")).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signOut.statusCode()).isEqualTo(204);
        byUser.browser().keepOnly(COOKIE);
        assertThat(skipsSms(byUser)).isFalse();
    }

    @Test
    @DisplayName("a user with no other session voids every trusted browser from a new browser's code page ('forget'); a user who "
        + "trusts none (never did, or forgot them all) is not offered it")
    void forgottenFromTheCodePage() {
        policy(Map.of("trustBrowserDays", "30"));
        String never = freshNumber();
        newUser("trust-never", never);
        FormLogin first = new FormLogin();
        FormLogin.Page untrusted = first.toCodePage(trustOauth, "trust-never", PASSWORD);
        assertThat(untrusted.body()).as("the trust box").contains("name=\"trust\"");
        assertThat(untrusted.body()).as("nothing to forget for a user who trusted no browser").doesNotContain("name=\"forget\"");

        Trusted lost = trustedUser("trust-lost-laptop");
        FormLogin borrowed = new FormLogin();
        FormLogin.Page code = borrowed.toCodePage(trustOauth, lost.name(), PASSWORD);
        assertThat(code.body()).contains("name=\"forget\"");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("code", sipgate.lastTo(lost.number()).orElseThrow().code());
        form.put("forget", "on");
        form.put("login", "Sign In");
        assertThat(borrowed.post(code.formAction("kc-sipgate-sms-form"), form).loggedIn()).isTrue();
        assertThat(borrowed.cookie(COOKIE)).as("'forget' alone trusts nothing").isNull();
        assertThat(skipsSms(lost)).as("the lost laptop asks for the code again").isFalse();
        FormLogin third = new FormLogin();
        assertThat(third.toCodePage(trustOauth, lost.name(), PASSWORD).body()).as("all forgotten: nothing left to forget")
            .doesNotContain("name=\"forget\"");
    }

    @Test
    @DisplayName("void when the user changes the password (kc_action=UPDATE_PASSWORD) and when an administrator resets it")
    void passwordChanged() {
        policy(Map.of("trustBrowserDays", "30"));
        Trusted user = trustedUser("trust-new-password");
        FormLogin.Page login = user.browser().get(trustOauth.loginForm().kcAction("UPDATE_PASSWORD").build());
        FormLogin.Page code = user.browser().password(login, user.name(), PASSWORD);
        assertThat(code.isCodePage()).as("a credential change asks for the code").isTrue();
        FormLogin.Page update = user.browser().submitCode(code, sipgate.lastTo(user.number()).orElseThrow().code());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("password-new", PASSWORD + "x");
        form.put("password-confirm", PASSWORD + "x");
        assertThat(user.browser().post(update.formAction("kc-passwd-update-form"), form).loggedIn()).isTrue();
        user.browser().keepOnly(COOKIE);
        assertThat(user.browser().toCodePage(trustOauth, user.name(), PASSWORD + "x").isCodePage()).as("trust void").isTrue();

        Trusted byAdmin = trustedUser("trust-admin-password");
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(PASSWORD);
        password.setTemporary(false);
        realm.admin().users().get(byAdmin.id()).resetPassword(password);
        assertThat(skipsSms(byAdmin)).isFalse();
    }

    @Test
    @DisplayName("the checkbox is consent: a right code with 'trust' unchecked sets no cookie, and the next login asks for the SMS")
    void uncheckedSetsNoCookie() {
        policy(Map.of("trustBrowserDays", "30"));
        String number = freshNumber();
        newUser("trust-unchecked", number);
        FormLogin browser = new FormLogin();
        FormLogin.Page code = browser.toCodePage(trustOauth, "trust-unchecked", PASSWORD);
        assertThat(code.body()).contains("name=\"trust\"");
        assertThat(browser.submitCode(code, sipgate.lastTo(number).orElseThrow().code(), false).loggedIn()).isTrue();
        assertThat(browser.cookie(COOKIE)).isNull();
        assertThat(browser.setCookieHeader(COOKIE)).isNull();
        browser.clearCookies();
        assertThat(browser.toCodePage(trustOauth, "trust-unchecked", PASSWORD).isCodePage()).isTrue();
    }

    @Test
    @DisplayName("void when signed with another realm key and algorithm (RS256 with an RSA key an administrator added)")
    void otherKeyOrAlgorithm() throws Exception {
        policy(Map.of("trustBrowserDays", "30"));
        Trusted alice = trustedUser("trust-rsa");
        String genuine = alice.browser().cookie(COOKIE);

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        ComponentRepresentation key = new ComponentRepresentation();
        key.setName("test-rsa-key");
        key.setProviderId("rsa");
        key.setProviderType("org.keycloak.keys.KeyProvider");
        key.setParentId(realm.admin().toRepresentation().getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("priority", "500");
        config.putSingle("enabled", "true");
        config.putSingle("active", "true");
        config.putSingle("algorithm", "RS256");
        config.putSingle("privateKey", Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        key.setConfig(config);
        String componentId;
        try (Response created = realm.admin().components().add(key)) {
            assertThat(created.getStatus()).isEqualTo(201);
            componentId = created.getLocation().getPath().replaceAll(".*/", "");
        }
        realm.cleanup().add(r -> r.components().component(componentId).remove());
        String kid = realm.admin().keys().getKeyMetadata().getKeys().stream().filter(k -> componentId.equals(k.getProviderId()))
            .findFirst().orElseThrow().getKid();

        // the genuine cookie's claims (this user, this number's binding, valid dates), signed with the added RSA key
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString(("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.UTF_8));
        String input = header + "." + genuine.split("\\.")[1];
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(pair.getPrivate());
        rsa.update(input.getBytes(StandardCharsets.US_ASCII));
        alice.browser().cookie(COOKIE, input + "." + url.encodeToString(rsa.sign()));
        assertThat(skipsSms(alice)).as("the same claims signed RS256 with a realm RSA key").isFalse();
        alice.browser().cookie(COOKIE, genuine);
        assertThat(skipsSms(alice)).as("the original still works").isTrue();
    }

    @Test
    @DisplayName("void for another user, when altered, and in another realm")
    void foreignOrAltered() {
        policy(Map.of("trustBrowserDays", "30"));
        Trusted alice = trustedUser("trust-alice");
        Trusted bob = trustedUser("trust-bob");
        String alicesCookie = alice.browser().cookie(COOKIE);

        bob.browser().cookie(COOKIE, alicesCookie);
        assertThat(skipsSms(bob)).as("alice's cookie in bob's browser").isFalse();

        String[] parts = alicesCookie.split("\\.");
        String payload = parts[1];
        char flipped = payload.charAt(payload.length() / 2) == 'A' ? 'B' : 'A';
        alice.browser().cookie(COOKIE, parts[0] + "." + payload.substring(0, payload.length() / 2) + flipped
            + payload.substring(payload.length() / 2 + 1) + "." + parts[2]);
        assertThat(skipsSms(alice)).as("altered payload").isFalse();
        alice.browser().cookie(COOKIE, "garbage");
        assertThat(skipsSms(alice)).as("garbage").isFalse();
        alice.browser().cookie(COOKIE, alicesCookie);
        assertThat(skipsSms(alice)).as("the original still works").isTrue();

        // another realm with the same step and setting: the cookie of this realm's alice does not pass there
        RealmPolicy.change(other.admin(), Map.of("trustBrowserDays", "30"));
        String number = freshNumber();
        other.addUser(UserBuilder.create("trust-alice").password(PASSWORD).email("trust-alice@example.org").name("Alice", "Other")
            .emailVerified(true).attribute("phoneNumber", number));
        FormLogin elsewhere = new FormLogin();
        elsewhere.cookie(COOKIE, alicesCookie);
        int before = sipgate.sent().size();
        FormLogin.Page page = elsewhere.toCodePage(otherOauth, "trust-alice", PASSWORD);
        assertThat(page.isCodePage()).as("another realm: SMS as usual").isTrue();
        assertThat(sipgate.sent()).hasSize(before + 1);
    }

    @Test
    @DisplayName("proving a new number never accepts the cookie: the registration's code page has no checkbox and always sends")
    void registrationNeverTrusts() {
        policy(Map.of("trustBrowserDays", "30"));
        Trusted user = trustedUser("trust-register");
        UserRepresentation rep = realm.admin().users().get(user.id()).toRepresentation();
        rep.getAttributes().remove("phoneNumber");
        realm.admin().users().get(user.id()).update(rep);
        realm.admin().users().get(user.id()).credentials().stream().filter(c -> "sipgate-sms".equals(c.getType()))
            .forEach(c -> realm.admin().users().get(user.id()).removeCredential(c.getId()));

        FormLogin.Page entry = user.browser().toCodePage(trustOauth, user.name(), PASSWORD);
        assertThat(entry.body()).as("the number registration").contains("name=\"phone\"");
        String number = freshNumber();
        int before = sipgate.sent().size();
        FormLogin.Page code = user.browser().post(entry.formAction("kc-sipgate-sms-register-form"), Map.of("phone", number));
        assertThat(code.isCodePage()).isTrue();
        assertThat(code.body()).doesNotContain("name=\"trust\"");
        assertThat(sipgate.sent()).hasSize(before + 1);
    }

    private void passwordStep(String username, String password, String number) {
        newUser(username, number);
        passwordStep(username, password);
    }

}
