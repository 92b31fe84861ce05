package io.github.sipgatesms.keycloak.bench;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.github.sipgatesms.keycloak.it.support.FormLogin;

/**
 * Complete browser-less logins of the three flows: the authorization URL, the forms posted as a browser would (no
 * JavaScript, cookies kept per user), then the authorization code exchanged for tokens. Throws on anything else.
 */
final class LoginDriver {

    static final String REDIRECT = "http://localhost/callback";

    private final BenchSipgate sipgate;

    LoginDriver(BenchSipgate sipgate) {
        this.sipgate = sipgate;
    }

    static FormLogin browser() {
        return new FormLogin(BenchmarkServer.BASE);
    }

    /**
     * One complete login; the second-factor part is the password POST (which starts the second step) plus the code POST;
     * for phone sign-in the number POST plus the code POST.
     */
    Sample login(FormLogin browser, Flow flow, BenchUser user) {
        browser.clearCookies();
        long t0 = System.nanoTime();
        FormLogin.Page page = browser.get(authUrl(flow));
        if (page.status() != 200) {
            throw new IllegalStateException("login page answered " + page.status());
        }
        long t1 = System.nanoTime();
        FormLogin.Page next = flow == Flow.P ? byPhone(browser, page, user) : browser.password(page, user.name(), BenchUser.PASSWORD);
        switch (flow) {
            case B -> {
                if (!next.body().contains("id=\"kc-otp-login-form\"")) {
                    throw new IllegalStateException("no OTP page after the password (" + next.status() + ") " + next.messages());
                }
                next = browser.post(next.formAction("kc-otp-login-form"), Map.of("otp", user.totp(), "login", "Sign In"));
            }
            case C, CF -> {
                if (!next.isCodePage()) {
                    throw new IllegalStateException("no code page after the password (" + next.status() + ") " + next.messages());
                }
                next = browser.submitCode(next, sipgate.lastCode(user.phone()));
            }
            default -> {
            }
        }
        if (!next.loggedIn()) {
            throw new IllegalStateException("not logged in (" + next.status() + ") " + next.messages());
        }
        long t2 = System.nanoTime();
        String code = queryParam(next.location(), "code");
        FormLogin.Page tokens = browser.post(BenchmarkServer.BASE + "realms/" + BenchRealm.NAME + "/protocol/openid-connect/token",
            Map.of("grant_type", "authorization_code", "code", code, "client_id", flow.client(), "redirect_uri", REDIRECT));
        if (tokens.status() != 200 || !tokens.body().contains("\"access_token\"")) {
            throw new IllegalStateException("token exchange answered " + tokens.status());
        }
        long t3 = System.nanoTime();
        return new Sample((t3 - t0) / 1e6, (t2 - t1) / 1e6);
    }

    /**
     * Phone sign-in: the number, then the code of the SMS that went out after that answer (woken by its arrival at the
     * fake sipgate, so no polling interval shows in the times).
     */
    private FormLogin.Page byPhone(FormLogin browser, FormLogin.Page page, BenchUser user) {
        Object previous = sipgate.latest(user.phone());
        FormLogin.Page code = browser.phoneSignIn(page, user.phone());
        if (!code.isCodePage()) {
            throw new IllegalStateException("no code page after the number (" + code.status() + ") " + code.messages());
        }
        return browser.submitCode(code, sipgate.awaitOtherCode(user.phone(), previous));
    }

    /** The code page of an SMS user: the login page, then the password (which sends the first SMS). */
    static FormLogin.Page toCodePage(FormLogin browser, BenchUser user) {
        FormLogin.Page page = browser.password(browser.get(authUrl(Flow.C)), user.name(), BenchUser.PASSWORD);
        if (!page.isCodePage()) {
            throw new IllegalStateException("no code page for " + user.name() + ": " + page.messages());
        }
        return page;
    }

    static String authUrl(Flow flow) {
        return BenchmarkServer.BASE + "realms/" + BenchRealm.NAME + "/protocol/openid-connect/auth?response_type=code&scope=openid"
            + "&client_id=" + flow.client() + "&redirect_uri=" + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8);
    }

    private static String queryParam(String url, String name) {
        String query = URI.create(url).getRawQuery();
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalStateException("no " + name + " in " + url);
    }
}
