package io.github.sipgatesms.keycloak.testsupport;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import jakarta.ws.rs.core.Response;

import org.keycloak.common.ClientConnection;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakUriInfo;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RealmProvider;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.ThemeManager;
import org.keycloak.models.UserLoginFailureProvider;
import org.keycloak.models.UserProvider;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.theme.Theme;

/**
 * The Keycloak a unit test of the code exchange needs, mocked once: a session of realm {@code acme} (id {@code realm-1})
 * on {@code https://login.example.com/} with the given single-use store, English texts from the shipped fallbacks, a login
 * form that renders {@link #page} and keeps its attributes ({@link #attribute}), an event builder, Keycloak's brute-force
 * protector and a client at {@value #CLIENT_ADDRESS}.
 */
public final class KeycloakStub {

    public static final String CLIENT_ADDRESS = "203.0.113.7";

    public final KeycloakSession session = mock(KeycloakSession.class);
    public final RealmModel realm = mock(RealmModel.class);
    public final LoginFormsProvider form = mock(LoginFormsProvider.class, RETURNS_SELF);
    public final EventBuilder event = mock(EventBuilder.class, RETURNS_SELF);
    public final BruteForceProtector protector = mock(BruteForceProtector.class);
    public final Response page = Response.ok().build();
    /** The request's URIs: a test may give the base URI another host or a port. */
    public final KeycloakUriInfo uri = mock(KeycloakUriInfo.class);
    private final Map<String, Object> attributes = new HashMap<>();

    public KeycloakStub(SingleUseObjectProvider store) {
        when(realm.getName()).thenReturn("acme");
        when(realm.getId()).thenReturn("realm-1");
        when(session.singleUseObjects()).thenReturn(store);
        // work after the answer reads the realm anew in its own session
        RealmProvider realms = mock(RealmProvider.class);
        when(realms.getRealm("realm-1")).thenReturn(realm);
        when(session.realms()).thenReturn(realms);
        // no user found by attribute (the phone index): a test may give its own
        when(session.users()).thenReturn(mock(UserProvider.class));
        when(session.getProvider(BruteForceProtector.class)).thenReturn(protector);
        // Keycloak's record of login failures: none (a temporary lockout then reads as one minute)
        when(session.loginFailures()).thenReturn(mock(UserLoginFailureProvider.class));
        when(session.getProvider(LoginFormsProvider.class)).thenReturn(form);
        when(form.createForm(anyString())).thenReturn(page);
        doAnswer(i -> {
            attributes.put(i.getArgument(0), i.getArgument(1));
            return form;
        }).when(form).setAttribute(anyString(), any());
        KeycloakContext context = mock(KeycloakContext.class);
        when(uri.getBaseUri()).thenReturn(URI.create("https://login.example.com/"));
        when(context.getUri()).thenReturn(uri);
        when(context.getUri(any())).thenReturn(uri);
        when(context.resolveLocale(any())).thenReturn(Locale.ENGLISH);
        ClientConnection connection = mock(ClientConnection.class);
        when(connection.getRemoteAddr()).thenReturn(CLIENT_ADDRESS);
        when(context.getConnection()).thenReturn(connection);
        when(context.getRealm()).thenReturn(realm);
        when(session.getContext()).thenReturn(context);
        ThemeManager themes = mock(ThemeManager.class);
        Theme theme = mock(Theme.class);
        try {
            when(theme.getEnhancedMessages(realm, Locale.ENGLISH)).thenReturn(new Properties());
            when(themes.getTheme(Theme.Type.LOGIN)).thenReturn(theme);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        when(session.theme()).thenReturn(themes);
    }

    /** The attribute the last rendered form got under {@code name} (the code page's model is {@code sipgateSms}). */
    public Object attribute(String name) {
        return attributes.get(name);
    }

    /** Forgets the attributes seen so far. */
    public void clearAttributes() {
        attributes.clear();
    }
}
