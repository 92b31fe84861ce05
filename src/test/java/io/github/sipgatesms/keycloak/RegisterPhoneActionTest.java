package io.github.sipgatesms.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MultivaluedHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.mockito.MockedStatic;

import io.github.sipgatesms.keycloak.code.Codes;
import io.github.sipgatesms.keycloak.code.MessageKeys;
import io.github.sipgatesms.keycloak.config.ServerOptions;
import io.github.sipgatesms.keycloak.config.SettingsResolver;
import io.github.sipgatesms.keycloak.credential.SmsCredentialModel;
import io.github.sipgatesms.keycloak.metrics.SmsMetrics;
import io.github.sipgatesms.keycloak.sms.SmsSender;
import io.github.sipgatesms.keycloak.sms.SmsSenders;
import io.github.sipgatesms.keycloak.testsupport.AuthSessions;
import io.github.sipgatesms.keycloak.testsupport.InMemorySingleUseObjects;
import io.github.sipgatesms.keycloak.testsupport.KeycloakStub;
import io.github.sipgatesms.keycloak.testsupport.TestClock;

/** The number registration with Keycloak mocked: the step's settings and the step's code check. */
@DisplayName("number registration branches")
class RegisterPhoneActionTest {

    private final RequiredActionContext context = mock(RequiredActionContext.class);
    private final UserModel user = mock(UserModel.class);
    private final SubjectCredentialManager credentials = mock(SubjectCredentialManager.class);
    private final HttpRequest request = mock(HttpRequest.class);
    private final SmsSenders selector = mock(SmsSenders.class);
    private final SmsSender sender = mock(SmsSender.class);
    private final MultivaluedHashMap<String, String> formData = new MultivaluedHashMap<>();
    private final AuthenticationSessionModel authSession = AuthSessions.create("root", "tab");
    private final TestClock clock = new TestClock();
    private final InMemorySingleUseObjects store = new InMemorySingleUseObjects(clock);
    private final KeycloakStub keycloak = new KeycloakStub(store);
    private final KeycloakSession session = keycloak.session;
    private final RealmModel realm = keycloak.realm;
    private final LoginFormsProvider form = keycloak.form;
    private final EventBuilder event = keycloak.event;
    private final BruteForceProtector protector = keycloak.protector;
    private final List<CredentialModel> stored = new ArrayList<>();
    private final RegisterPhoneAction cut = new RegisterPhoneAction(new Codes(new SettingsResolver(ServerOptions.NONE), selector, SmsMetrics.OFF));
    private String lastSms;
    private MockedStatic<Time> keycloakTime;

    @BeforeEach
    void wire() throws Exception {
        keycloakTime = clock.keycloakTime();
        when(context.getSession()).thenReturn(session);
        when(context.getRealm()).thenReturn(realm);
        when(context.getUser()).thenReturn(user);
        when(context.form()).thenReturn(form);
        when(context.getEvent()).thenReturn(event);
        when(context.getHttpRequest()).thenReturn(request);
        when(context.getAuthenticationSession()).thenReturn(authSession);
        when(request.getDecodedFormParameters()).thenReturn(formData);
        when(user.getId()).thenReturn("user-1");
        when(user.credentialManager()).thenReturn(credentials);
        when(credentials.getStoredCredentialsByTypeStream(anyString())).thenAnswer(i -> stored.stream());
        doAnswer(i -> {
            stored.add(i.getArgument(0));
            return i.getArgument(0);
        }).when(credentials).createStoredCredential(any());

        when(selector.select(any(), any())).thenReturn(sender);
        doAnswer(i -> lastSms = i.getArgument(1)).when(sender).send(anyString(), anyString());
    }

    @AfterEach
    void releaseTime() {
        keycloakTime.close();
    }

    /** One form post, committed as Keycloak commits the request's transaction. */
    private void post(RegisterPhoneAction action, String field, String value) {
        formData.clear();
        formData.putSingle(field, value);
        store.request(() -> action.processAction(context));
    }

    private void submitNumber(String number) {
        post(cut, "phone", number);
    }

    private void submitCode(String code) {
        post(cut, "code", code);
    }

    private String sentCode() {
        return lastSms.substring(lastSms.lastIndexOf('#') + 1);
    }

    private static FormMessage codeError(String key) {
        return argThat((FormMessage m) -> m != null && "code".equals(m.getField()) && key.equals(m.getMessage()));
    }

    @Test
    @DisplayName("a proved number becomes the user's credential; a wrong code first is an event error at the code field")
    void wrongThenRight() throws Exception {
        submitNumber("0151 23456789");
        verify(sender).send(eq("+4915123456789"), anyString());
        String code = sentCode();

        submitCode(code.equals("000000") ? "111111" : "000000");
        verify(event).error("invalid_user_credentials");
        verify(form).addError(codeError(MessageKeys.CODE_INVALID));
        verify(context, never()).success();

        submitCode(code);
        verify(context).success();
        assertThat(stored).singleElement().satisfies(c -> assertThat(SmsCredentialModel.from(c).phoneNumber()).isEqualTo("+4915123456789"));
    }

    @Test
    @DisplayName("a user locked by brute-force detection gets no SMS and every code is refused with the wrong-code wording")
    void lockedOut() throws Exception {
        submitNumber("0151 23456789");
        String code = sentCode();
        when(realm.isBruteForceProtected()).thenReturn(true);
        when(protector.isTemporarilyDisabled(session, realm, user)).thenReturn(true);

        submitCode(code);
        verify(context, never()).success();
        verify(form).addError(codeError(MessageKeys.CODE_INVALID));
        post(cut, "resend", "true");
        verify(sender, times(1)).send(anyString(), anyString());
    }

    @Test
    @DisplayName("the code's lifetime and attempt count are the step's: after maxAttempts (5) wrong codes the code is void")
    void attemptsAndVoid() throws Exception {
        submitNumber("0151 23456789");
        String wrong = sentCode().equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            submitCode(wrong);
        }
        verify(form).addError(codeError(MessageKeys.CODE_VOID));
        submitCode(sentCode());
        verify(form).setError(MessageKeys.NO_ACTIVE_CODE);
        verify(context, never()).success();
    }

    @Test
    @DisplayName("an expired code is refused as expired, not counted as wrong")
    void expired() throws Exception {
        submitNumber("0151 23456789");
        String code = sentCode();
        clock.advance(301);
        submitCode(code);
        verify(event).error("expired_code");
        verify(form).addError(codeError(MessageKeys.CODE_EXPIRED));
        verify(event, never()).error("invalid_user_credentials");
    }

    @Test
    @DisplayName("a number of another region than allowedRegions (server option) is refused before any SMS")
    void regions() throws Exception {
        RegisterPhoneAction restricted = new RegisterPhoneAction(new Codes(new SettingsResolver(new ServerOptions(Map.of("allowedRegions", "DE"))),
            selector, SmsMetrics.OFF));
        post(restricted, "phone", "+33 6 12 34 56 78");
        verify(sender, never()).send(anyString(), anyString());
        verify(form).addError(argThat((FormMessage m) -> m != null && "phone".equals(m.getField())));
    }
}
