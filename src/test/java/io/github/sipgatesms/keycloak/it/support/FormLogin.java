package io.github.sipgatesms.keycloak.it.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.http.Header;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;
import org.keycloak.testframework.oauth.OAuthClient;

import io.github.sipgatesms.keycloak.testsupport.UsedSecrets;

/**
 * A browser-less login (one cookie jar, forms followed by hand, no JavaScript), for tests that need many
 * logins fast or several at the same time. The pages are the same the browser tests see.
 */
public final class FormLogin {

    /** One answer of the server. */
    public record Page(int status, String body, String location) {

        /** The action URL of the form with this id. */
        public String formAction(String formId) {
            Matcher form = Pattern.compile("<form[^>]*id=\"" + formId + "\"[^>]*>").matcher(body);
            if (!form.find()) {
                throw new AssertionError("no form '" + formId + "' in page (status " + status + "):\n" + body);
            }
            Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(form.group());
            if (!action.find()) {
                throw new AssertionError("form '" + formId + "' has no action");
            }
            return action.group(1).replace("&amp;", "&");
        }

        public boolean isCodePage() {
            return body.contains("id=\"kc-sipgate-sms-form\"");
        }

        /** The login finished: redirected back to the client with an authorization code. */
        public boolean loggedIn() {
            return status == 302 && location != null && location.contains("code=") && !location.contains("error=");
        }

        /** The text of the page's alert, the resend hint and the code field's error, without markup. */
        public String messages() {
            StringBuilder text = new StringBuilder();
            Matcher alert = Pattern.compile("class=\"[^\"]*kc-feedback-text[^\"]*\"[^>]*>(.*?)</span>", Pattern.DOTALL).matcher(body);
            while (alert.find()) {
                text.append(alert.group(1).replaceAll("<[^>]+>", "").replaceAll("\\s+", " ").trim()).append(' ');
            }
            Matcher hint = Pattern.compile("id=\"sipgate-sms-resend-hint\"[^>]*>(.*?)</p>", Pattern.DOTALL).matcher(body);
            while (hint.find()) {
                text.append(hint.group(1).replaceAll("\\s+", " ").trim()).append(' ');
            }
            Matcher field = Pattern.compile("id=\"input-error-code\"[^>]*>(.*?)</span>", Pattern.DOTALL).matcher(body);
            while (field.find()) {
                text.append(field.group(1).replaceAll("\\s+", " ").trim()).append(' ');
            }
            return text.toString().trim();
        }
    }

    /**
     * Cookies by name, kept by hand: Keycloak marks its cookies Secure, which a browser honours on
     * http://localhost but Java's CookieManager does not.
     */
    private final Map<String, String> cookies = new ConcurrentHashMap<>();
    private final Map<String, String> setCookieHeaders = new ConcurrentHashMap<>();

    /** Redirects below this URL are followed (Keycloak's own pages); others, such as the client's, end a request. */
    private final String keycloakBase;

    public FormLogin() {
        this("http://localhost:8080/");
    }

    /** The client address the server sees: null for this machine's default; else a loopback address the requests leave from. */
    private final InetAddress clientAddress;
    private CloseableHttpClient bound;

    public FormLogin(String keycloakBase) {
        this(keycloakBase, null);
    }

    private FormLogin(String keycloakBase, InetAddress clientAddress) {
        this.keycloakBase = keycloakBase;
        this.clientAddress = clientAddress;
    }

    /**
     * A browser-less login whose requests leave from {@code loopbackAddress} (any of 127.0.0.0/8, e.g. {@code 127.0.0.23}):
     * without proxy headers the server takes the TCP peer as the client address, so this is another client address
     * to it (the per-address cap, {@code maxSmsPerAddressPerHour}). Java 17's HttpClient cannot bind a local address;
     * these requests go through Apache HttpClient, with the same cookies and redirects.
     */
    public static FormLogin fromAddress(String loopbackAddress) {
        try {
            InetAddress address = InetAddress.getByName(loopbackAddress);
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException("not a loopback address: " + loopbackAddress);
            }
            return new FormLogin("http://localhost:8080/", address);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an address: " + loopbackAddress, e);
        }
    }

    /**
     * A second client holding a copy of this one's cookies as they are now (for instance someone who captured a
     * login's cookies and form); later cookies of either do not reach the other.
     */
    public FormLogin copy() {
        FormLogin copy = new FormLogin(keycloakBase, clientAddress);
        copy.cookies.putAll(cookies);
        return copy;
    }

    private final HttpClient http = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10))
        .build();

    /** Forgets every cookie: the next login starts as a new browser (the connections stay open). */
    public void clearCookies() {
        cookies.clear();
    }

    /** Opens the client's login page. */
    public Page open(OAuthClient oauth) {
        return get(oauth.loginForm().build());
    }

    /** The reset flow's page for the user to choose, reached as a user does: the login, then "Forgot password?". */
    public Page forgotPassword(OAuthClient client) {
        Page login = open(client);
        Matcher link = Pattern.compile("href=\"([^\"]*/login-actions/reset-credentials[^\"]*)\"").matcher(login.body());
        String href;
        if (link.find()) {
            href = link.group(1).replace("&amp;", "&");
        } else {
            // the Username Form has no link: the same URL from the login form's client and tab
            String action = login.formAction("kc-form-login");
            href = action.substring(0, action.indexOf("/authenticate?")) + "/reset-credentials?"
                + action.replaceAll(".*[?&](client_id=[^&]+).*", "$1") + "&" + action.replaceAll(".*[?&](tab_id=[^&]+).*", "$1");
        }
        return get(href.startsWith("/") ? keycloakBase.replaceAll("/$", "") + href : href);
    }

    /** "Forgot password?", then Choose User with {@code username}: the page the reset flow shows next. */
    public Page resetFor(OAuthClient client, String username) {
        return chooseUser(forgotPassword(client), username);
    }

    /** Posts {@code username} to Choose User's form on {@code choosePage}. */
    public Page chooseUser(Page choosePage, String username) {
        return post(choosePage.formAction("kc-reset-password-form"), Map.of("username", username));
    }

    /** Posts {@code number} to the number page of phone sign-in (or of the registration) on {@code page}. */
    public Page phoneSignIn(Page page, String number) {
        return post(page.formAction("kc-sipgate-sms-register-form"), Map.of("phone", number));
    }

    /** Passes the username/password form of {@code loginPage}. */
    public Page password(Page loginPage, String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", username);
        form.put("password", password);
        return post(loginPage.formAction("kc-form-login"), form);
    }

    /** Opens the login and passes the password step: usually the code page. */
    public Page toCodePage(OAuthClient oauth, String username, String password) {
        return password(open(oauth), username, password);
    }

    public Page submitCode(Page codePage, String code) {
        return submitCode(codePage, code, false);
    }

    /** Submits the code, with the checkbox "Don't ask again on this browser" checked when {@code trust}. */
    public Page submitCode(Page codePage, String code, boolean trust) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("code", code);
        UsedSecrets.code(code);
        if (trust) {
            form.put("trust", "on");
        }
        form.put("login", "Sign In");
        return post(codePage.formAction("kc-sipgate-sms-form"), form);
    }

    /** The value of a cookie this client holds, or null. */
    public String cookie(String name) {
        return cookies.get(name);
    }

    /** Sets a cookie as if the server had (for instance one copied from another browser). */
    public void cookie(String name, String value) {
        cookies.put(name, value);
    }

    /** The last Set-Cookie header the server sent for that cookie (its attributes), or null. */
    public String setCookieHeader(String name) {
        return setCookieHeaders.get(name);
    }

    /** Forgets every cookie but one: like a browser restarted, which keeps only a long-lived cookie. */
    public void keepOnly(String name) {
        cookies.keySet().removeIf(cookie -> !cookie.equals(name));
    }

    public Page resend(Page codePage) {
        return post(codePage.formAction("kc-sipgate-sms-form"), Map.of("resend", "true"));
    }

    public Page get(String url) {
        return send(url, null);
    }

    public Page post(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
            .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
        return send(url, body);
    }

    /** Follows redirects inside Keycloak (e.g. to a required action); stops at the client's redirect URI. A null form: GET. */
    private Page send(String url, String form) {
        Page page = sendOnce(url, form);
        for (int i = 0; i < 5 && (page.status() == 302 || page.status() == 303) && page.location() != null
            && page.location().startsWith(keycloakBase); i++) {
            page = sendOnce(page.location(), null);
        }
        return page;
    }

    private Page sendOnce(String url, String form) {
        String cookieHeader = cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; "));
        if (clientAddress != null) {
            return sendFromAddress(url, form, cookieHeader);
        }
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
            if (form == null) {
                request.GET();
            } else {
                request.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
            }
            if (!cookieHeader.isEmpty()) {
                request.header("Cookie", cookieHeader);
            }
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return answer(response.statusCode(), response.headers().allValues("Set-Cookie"), response.body(),
                response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** {@link #sendOnce} from {@link #clientAddress}. */
    private synchronized Page sendFromAddress(String url, String form, String cookieHeader) {
        if (bound == null) {
            RequestConfig config = RequestConfig.custom().setLocalAddress(clientAddress).setRedirectsEnabled(false)
                .setConnectTimeout(10_000).setSocketTimeout(30_000).build();
            bound = HttpClients.custom().setDefaultRequestConfig(config).disableCookieManagement().disableRedirectHandling().build();
        }
        HttpRequestBase request;
        if (form == null) {
            request = new HttpGet(url);
        } else {
            HttpPost post = new HttpPost(url);
            post.setEntity(new StringEntity(form, ContentType.APPLICATION_FORM_URLENCODED));
            request = post;
        }
        if (!cookieHeader.isEmpty()) {
            request.setHeader("Cookie", cookieHeader);
        }
        try (CloseableHttpResponse response = bound.execute(request)) {
            String body = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
            Header location = response.getFirstHeader("Location");
            List<String> setCookies = Arrays.stream(response.getHeaders("Set-Cookie")).map(Header::getValue).toList();
            return answer(response.getStatusLine().getStatusCode(), setCookies, body, location == null ? null : location.getValue());
        } catch (IOException e) {
            throw new AssertionError("request from " + clientAddress.getHostAddress() + " failed: " + e, e);
        } finally {
            request.releaseConnection();
        }
    }

    /** Keeps the answer's cookies and makes it a {@link Page}. */
    private Page answer(int status, List<String> setCookies, String body, String location) {
        for (String setCookie : setCookies) {
            String pair = setCookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                setCookieHeaders.put(pair.substring(0, eq), setCookie);
                String value = pair.substring(eq + 1);
                if (value.isEmpty() || setCookie.toLowerCase(Locale.ROOT).contains("max-age=0")) {
                    cookies.remove(pair.substring(0, eq));
                } else {
                    cookies.put(pair.substring(0, eq), value);
                }
            }
        }
        return new Page(status, body, location);
    }
}
