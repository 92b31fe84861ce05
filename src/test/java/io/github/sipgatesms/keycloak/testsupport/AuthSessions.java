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

/**
 * Mocked authentication sessions whose auth notes live in a map, as Keycloak keeps them (unit tests only).
 * <p>
 * A session made by {@link #create} is one map every caller reads and writes at once. Keycloak instead gives each HTTP
 * request its own copy of the session's notes and writes the whole copy back when the request ends: of two requests at
 * once, the last to end wins. {@link #request} gives that view.
 */
public final class AuthSessions {

    private static final Map<AuthenticationSessionModel, Map<String, String>> NOTES = new IdentityHashMap<>();

    /**
     * One HTTP request's view of a session: its notes are a copy taken when the request started; {@link #commit()} (or
     * {@link #close()}) writes the whole copy back over the session's notes, as Keycloak does at the end of a request.
     */
    public static final class Request implements AutoCloseable {

        private final AuthenticationSessionModel shared;
        private final AuthenticationSessionModel session;
        private final Map<String, String> notes;

        private Request(AuthenticationSessionModel shared, AuthenticationSessionModel session, Map<String, String> notes) {
            this.shared = shared;
            this.session = session;
            this.notes = notes;
        }

        /** The session as this request sees it. */
        public AuthenticationSessionModel session() {
            return session;
        }

        /** Ends the request: its notes replace the session's (last writer wins). */
        public void commit() {
            synchronized (AuthSessions.class) {
                Map<String, String> target = NOTES.get(shared);
                target.clear();
                target.putAll(notes);
            }
        }

        @Override
        public void close() {
            commit();
        }
    }

    private AuthSessions() {
    }

    public static synchronized AuthenticationSessionModel create(String rootId, String tabId) {
        Map<String, String> notes = new HashMap<>();
        AuthenticationSessionModel session = mockSession(rootId, tabId, notes);
        NOTES.put(session, notes);
        return session;
    }

    /** A request on a session made by {@link #create}, starting now: it sees the notes as they are now, and only its own writes. */
    public static synchronized Request request(AuthenticationSessionModel session) {
        Map<String, String> copy = new HashMap<>(NOTES.get(session));
        AuthenticationSessionModel view = mockSession(session.getParentSession().getId(), session.getTabId(), copy);
        return new Request(session, view, copy);
    }

    /** The live notes of a session made by {@link #create}. */
    public static synchronized Map<String, String> notes(AuthenticationSessionModel session) {
        return NOTES.get(session);
    }

    private static AuthenticationSessionModel mockSession(String rootId, String tabId, Map<String, String> notes) {
        AuthenticationSessionModel session = mock(AuthenticationSessionModel.class);
        RootAuthenticationSessionModel root = mock(RootAuthenticationSessionModel.class);
        when(root.getId()).thenReturn(rootId);
        when(session.getParentSession()).thenReturn(root);
        when(session.getTabId()).thenReturn(tabId);
        when(session.getAuthNote(anyString())).thenAnswer(i -> notes.get(i.getArgument(0, String.class)));
        doAnswer(i -> notes.put(i.getArgument(0), i.getArgument(1))).when(session).setAuthNote(anyString(), anyString());
        doAnswer(i -> notes.remove(i.getArgument(0, String.class))).when(session).removeAuthNote(anyString());
        return session;
    }
}
