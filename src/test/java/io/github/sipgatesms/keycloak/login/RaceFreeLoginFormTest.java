package io.github.sipgatesms.keycloak.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.ws.rs.core.MultivaluedHashMap;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.github.sipgatesms.keycloak.testsupport.AuthSessions;

@DisplayName("the step's form, without the forwarded-message race of AuthenticationProcessor.form()")
class RaceFreeLoginFormTest {

    @Test
    @DisplayName("Keycloak keeps its forwarded messages in the auth notes this class removes (fails when Keycloak renames them)")
    void noteNamesAreKeycloaks() {
        AuthenticationSessionModel authSession = AuthSessions.create("root", "tab");
        AuthenticationProcessor processor = new AuthenticationProcessor().setAuthenticationSession(authSession);
        processor.setForwardedErrorMessage(new FormMessage(null, "expiredActionMessage"));
        processor.setForwardedSuccessMessage(new FormMessage(null, "ok"));
        processor.setForwardedInfoMessage(new FormMessage(null, "info"));
        assertThat(AuthSessions.notes(authSession)).containsKeys(RaceFreeLoginForm.FORWARDED_ERROR, RaceFreeLoginForm.FORWARDED_SUCCESS, RaceFreeLoginForm.FORWARDED_INFO);
    }

    @Test
    @DisplayName("a forwarded error is read once, shown and removed; one whose note vanished meanwhile adds no empty message")
    void forwardedErrorOnce() {
        AuthenticationFlowContext context = mock(AuthenticationFlowContext.class);
        KeycloakSession session = mock(KeycloakSession.class);
        LoginFormsProvider form = mock(LoginFormsProvider.class, RETURNS_SELF);
        HttpRequest request = mock(HttpRequest.class);
        AuthenticationSessionModel authSession = AuthSessions.create("root", "tab");
        authSession.setAuthNote(RaceFreeLoginForm.FORWARDED_ERROR, "{}");
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setId("exec-1");
        when(context.getSession()).thenReturn(session);
        when(session.getProvider(LoginFormsProvider.class)).thenReturn(form);
        when(context.getAuthenticationSession()).thenReturn(authSession);
        when(context.getExecution()).thenReturn(execution);
        when(context.getHttpRequest()).thenReturn(request);
        when(request.getHttpMethod()).thenReturn("POST");
        when(request.getDecodedFormParameters()).thenReturn(new MultivaluedHashMap<>());
        FormMessage expired = new FormMessage(null, "expiredActionMessage");
        // the race: present at the first read, gone at the second
        when(context.getForwardedErrorMessage()).thenReturn(expired).thenReturn(null);

        RaceFreeLoginForm.of(context);
        verify(form).addError(expired);
        verify(form, never()).addError((FormMessage) null);
        assertThat(AuthSessions.notes(authSession)).doesNotContainKey(RaceFreeLoginForm.FORWARDED_ERROR);

        FormMessage empty = new FormMessage(null, (String) null);
        when(context.getForwardedErrorMessage()).thenReturn(empty);
        RaceFreeLoginForm.of(context);
        verify(form, never()).addError(empty);
        verify(form, never()).addError((FormMessage) null);
        verify(form, never()).setError(any());
    }
}
