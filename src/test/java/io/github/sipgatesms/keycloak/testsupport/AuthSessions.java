package io.github.sipgatesms.keycloak.testsupport;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/** Mocked authentication sessions whose auth notes live in a map, as Keycloak keeps them (unit tests only). */
public final class AuthSessions {

    private static final Map<AuthenticationSessionModel, Map<String, String>> NOTES = new IdentityHashMap<>();

    private AuthSessions() {
    }

    public static synchronized AuthenticationSessionModel create(String rootId, String tabId) {
        Map<String, String> notes = new HashMap<>();
        AuthenticationSessionModel session = mock(AuthenticationSessionModel.class);
        RootAuthenticationSessionModel root = mock(RootAuthenticationSessionModel.class);
        when(root.getId()).thenReturn(rootId);
        when(session.getParentSession()).thenReturn(root);
        when(session.getTabId()).thenReturn(tabId);
        when(session.getAuthNote(anyString())).thenAnswer(i -> notes.get(i.getArgument(0, String.class)));
        doAnswer(i -> notes.put(i.getArgument(0), i.getArgument(1))).when(session).setAuthNote(anyString(), anyString());
        doAnswer(i -> notes.remove(i.getArgument(0, String.class))).when(session).removeAuthNote(anyString());
        NOTES.put(session, notes);
        return session;
    }

    /** The live notes of a session made by {@link #create}. */
    public static synchronized Map<String, String> notes(AuthenticationSessionModel session) {
        return NOTES.get(session);
    }
}
