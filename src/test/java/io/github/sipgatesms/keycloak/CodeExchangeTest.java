package io.github.sipgatesms.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.common.util.Time;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.mockito.MockedStatic;

import io.github.sipgatesms.keycloak.config.ServerOptions;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.limits.FailureBound;
import io.github.sipgatesms.keycloak.limits.SendLimits;
import io.github.sipgatesms.keycloak.metrics.SmsMetrics;
import io.github.sipgatesms.keycloak.metrics.TestMeters;
import io.github.sipgatesms.keycloak.sms.SmsSendException;
import io.github.sipgatesms.keycloak.sms.SmsSender;
import io.github.sipgatesms.keycloak.sms.SmsSenders;
import io.github.sipgatesms.keycloak.testsupport.AuthSessions;
import io.github.sipgatesms.keycloak.testsupport.InMemorySingleUseObjects;
import io.github.sipgatesms.keycloak.testsupport.KeycloakStub;
import io.github.sipgatesms.keycloak.testsupport.TestClock;

/**
 * The one code exchange, for both purposes through every outcome: the page it renders, the event details and the
 * metric it writes. Keycloak is mocked; the store of limits and codes is the in-memory single-use store.
 */
@DisplayName("one code exchange: every outcome's page, event and metric, for the login and the registration")
class CodeExchangeTest {

    private static final String NUMBER = "+4915123456789";
    private static final String MASKED = "+49 ••• ••• 6789";

    private final UserModel user = mock(UserModel.class);
    private final SmsSenders selector = mock(SmsSenders.class);
    private final SmsSender sender = mock(SmsSender.class);
    private final AuthenticationSessionModel authSession = AuthSessions.create("root", "tab");
    private final TestClock clock = new TestClock();
    private final InMemorySingleUseObjects store = new InMemorySingleUseObjects(clock);
    private final KeycloakStub keycloak = new KeycloakStub(store);
    private final KeycloakSession session = keycloak.session;
    private final RealmModel realm = keycloak.realm;
    private final LoginFormsProvider form = keycloak.form;
    private final EventBuilder event = keycloak.event;
    private final BruteForceProtector protector = keycloak.protector;
    private final Response page = keycloak.page;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SmsMetrics metrics = TestMeters.on(registry);
    private final CodeDelivery delivery = new CodeDelivery(selector, metrics);
    private String lastSms;
    private MockedStatic<Time> keycloakTime;

    @BeforeEach
    void wire() throws Exception {
        keycloakTime = clock.keycloakTime();
        when(user.getId()).thenReturn("user-1");
        SubjectCredentialManager credentials = mock(SubjectCredentialManager.class);
        when(user.credentialManager()).thenReturn(credentials);
        when(credentials.getStoredCredentialsByTypeStream(any())).thenAnswer(call -> Stream.empty());
        when(selector.select(any(), any())).thenReturn(sender);
        doAnswer(i -> lastSms = i.getArgument(1)).when(sender).send(anyString(), anyString());
    }

    @AfterEach
    void releaseTime() {
        keycloakTime.close();
    }

    /** The exchange of one request for the purpose, as the step or the registration builds it from its SPI's context. */
    private CodeExchange exchange(SendLimits.Purpose purpose, Map<String, String> policy) {
        Map<String, String> values = new HashMap<>(Map.of("resendCooldownSeconds", "0", "maxAttempts", "2"));
        values.putAll(policy);
        SmsConfig config = SmsConfig.of(values, ServerOptions.NONE);
        if (purpose == SendLimits.Purpose.LOGIN) {
            AuthenticationFlowContext context = mock(AuthenticationFlowContext.class);
            when(context.getSession()).thenReturn(session);
            when(context.getRealm()).thenReturn(realm);
            when(context.getUser()).thenReturn(user);
            when(context.getEvent()).thenReturn(event);
            when(context.getAuthenticationSession()).thenReturn(authSession);
            AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
            execution.setId("execution-1");
            when(context.getExecution()).thenReturn(execution);
            HttpRequest request = mock(HttpRequest.class);
            when(request.getHttpMethod()).thenReturn("POST");
            when(request.getDecodedFormParameters()).thenReturn(new MultivaluedHashMap<>());
            when(context.getHttpRequest()).thenReturn(request);
            return CodeExchange.login(context, config, 0, delivery);
        }
        RequiredActionContext context = mock(RequiredActionContext.class);
        when(context.getSession()).thenReturn(session);
        when(context.getRealm()).thenReturn(realm);
        when(context.getUser()).thenReturn(user);
        when(context.getEvent()).thenReturn(event);
        when(context.getAuthenticationSession()).thenReturn(authSession);
        when(context.form()).thenReturn(form);
        return CodeExchange.registration(context, config, delivery);
    }

    private Response send(SendLimits.Purpose purpose, Map<String, String> policy) {
        return store.request(() -> exchange(purpose, policy).send(NUMBER, false));
    }

    private CodeCheck.Result check(SendLimits.Purpose purpose, String entered) {
        return store.request(() -> exchange(purpose, Map.of()).check(entered));
    }

    private String code() {
        return lastSms.substring(lastSms.lastIndexOf('#') + 1);
    }

    private CodePageModel model() {
        return (CodePageModel) keycloak.attribute("sipgateSms");
    }

    private double count(String meter, SendLimits.Purpose purpose, String key, String value) {
        Counter counter = registry.find(meter).tags("realm", "acme", "purpose", purpose.name().toLowerCase(Locale.ROOT), key, value).counter();
        return counter == null ? 0 : counter.count();
    }

    @ParameterizedTest
    @EnumSource(value = SendLimits.Purpose.class, names = {"LOGIN", "REGISTRATION"})
    @DisplayName("sent: the SMS goes out, the plain code page, no event error, sent=1 and its segment in the metrics")
    void sent(SendLimits.Purpose purpose) throws Exception {
        assertThat(send(purpose, Map.of())).isSameAs(page);
        verify(sender).send(eq(NUMBER), anyString());
        assertThat(model().isCodeActive()).isTrue();
        assertThat(model().getMaskedPhone()).isEqualTo(MASKED);
        assertThat(model().isRegistration()).isEqualTo(purpose == SendLimits.Purpose.REGISTRATION);
        verify(event, never()).error(anyString());
        assertThat(count(SmsMetrics.SENT, purpose, "outcome", "sent")).isEqualTo(1);
        assertThat(count(SmsMetrics.SEGMENTS, purpose, "encoding", "gsm7")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = SendLimits.Purpose.class, names = {"LOGIN", "REGISTRATION"})
    @DisplayName("not sent: 'could not be sent', the cause as event error with the status, sent{outcome=server_error}")
    void notSent(SendLimits.Purpose purpose) throws Exception {
        doThrow(new SmsSendException(SmsSendException.Reason.SERVER_ERROR, 500, "sipgate answered 500")).when(sender).send(anyString(), anyString());
        send(purpose, Map.of());
        verify(form).setError(MessageKeys.SEND_FAILED);
        verify(event).detail(SmsEvents.STATUS, "500");
        verify(event).error("sipgate_sms_server_error");
        assertThat(count(SmsMetrics.SENT, purpose, "outcome", "server_error")).isEqualTo(1);
        assertThat(count(SmsMetrics.SENT, purpose, "outcome", "sent")).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = SendLimits.Purpose.class, names = {"LOGIN", "REGISTRATION"})
    @DisplayName("refused by the cooldown: the resend hint says how long, event limit=user_cooldown, refused{limit=user_cooldown}")
    void cooldown(SendLimits.Purpose purpose) throws Exception {
        send(purpose, Map.of("resendCooldownSeconds", "60"));
        send(purpose, Map.of("resendCooldownSeconds", "60"));
        assertThat(model().getResendWaitSeconds()).isEqualTo(60);
        assertThat(model().isResendRefused()).isTrue();
        verify(event).detail(SmsEvents.LIMIT, "user_cooldown");
        verify(event).error(SmsEvents.ERROR_LIMIT);
        assertThat(count(SmsMetrics.REFUSED, purpose, "limit", "user_cooldown")).isEqualTo(1);
        assertThat(count(SmsMetrics.SENT, purpose, "outcome", "sent")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = SendLimits.Purpose.class, names = {"LOGIN", "REGISTRATION"})
    @DisplayName("refused by each hourly cap: one wording for all, the cap named in the event and the metric only")
    void hourlyCaps(SendLimits.Purpose purpose) throws Exception {
        Map<String, Map<String, String>> caps = Map.of(
            "user_hourly", Map.of("maxSmsPerUserPerHour", "1"),
            "number_hourly", Map.of("maxSmsPerNumberPerHour", "1"),
            "realm_hourly", Map.of("maxSmsPerRealmPerHour", "1"));
        for (Map.Entry<String, Map<String, String>> cap : caps.entrySet()) {
            send(purpose, cap.getValue());
            send(purpose, cap.getValue());
            verify(event).detail(eq(SmsEvents.LIMIT), contains(cap.getKey()));
            // a registration meets its share of the realm budget (at least 1 SMS) first: the metric names that cap
            String first = purpose == SendLimits.Purpose.REGISTRATION && "realm_hourly".equals(cap.getKey()) ? "registration_hourly" : cap.getKey();
            assertThat(count(SmsMetrics.REFUSED, purpose, "limit", first)).as(cap.getKey()).isEqualTo(1);
            clock.advance(3601);
        }
        verify(form, times(3)).setError(eq(MessageKeys.LIMIT_REACHED), any());
        assertThat(count(SmsMetrics.SENT, purpose, "outcome", "sent")).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(value = SendLimits.Purpose.class, names = {"LOGIN", "REGISTRATION"})
    @DisplayName("locked by brute-force detection: no SMS (refused{limit=brute_force}) and the 'too many codes' message; a code is refused unchecked, event error and checked{locked}")
    void locked(SendLimits.Purpose purpose) throws Exception {
        when(realm.isBruteForceProtected()).thenReturn(true);
        when(protector.isTemporarilyDisabled(session, realm, user)).thenReturn(true);
        assertThat(send(purpose, Map.of())).isSameAs(page);
        verify(sender, never()).send(anyString(), anyString());
        verify(form).setError(MessageKeys.LIMIT_REACHED, 1L);
        assertThat(count(SmsMetrics.REFUSED, purpose, "limit", "brute_force")).isEqualTo(1);

        assertThat(check(purpose, "123456")).isEqualTo(CodeCheck.Result.LOCKED);
        verify(event).error(Errors.USER_TEMPORARILY_DISABLED);
        assertThat(count(SmsMetrics.CODES_CHECKED, purpose, "result", "locked")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = SendLimits.Purpose.class, names = {"LOGIN", "REGISTRATION"})
    @DisplayName("wrong, then wrong and void: the error at the code field, invalid_user_credentials, checked{wrong}; then no code: checked{void}")
    void wrongThenVoid(SendLimits.Purpose purpose) throws Exception {
        send(purpose, Map.of());
        String wrong = code().equals("000000") ? "111111" : "000000";
        CodeCheck.Result first = check(purpose, wrong);
        assertThat(first).isEqualTo(CodeCheck.Result.WRONG);
        assertThat(first.wrong()).isTrue();
        exchange(purpose, Map.of()).page(first);
        verify(form).addError(argThat((FormMessage m) -> CodePage.CODE_FIELD.equals(m.getField()) && MessageKeys.CODE_INVALID.equals(m.getMessage())));
        assertThat(check(purpose, wrong)).isEqualTo(CodeCheck.Result.WRONG_AND_VOID);
        verify(event, times(2)).error(Errors.INVALID_USER_CREDENTIALS);
        assertThat(count(SmsMetrics.CODES_CHECKED, purpose, "result", "wrong")).isEqualTo(2);

        CodeCheck.Result none = check(purpose, code());
        assertThat(none).as("the right code after the attempts: the code is void").isEqualTo(CodeCheck.Result.NO_CODE);
        assertThat(none.forced()).isTrue();
        exchange(purpose, Map.of()).page(none);
        verify(form).setError(MessageKeys.NO_ACTIVE_CODE);
        assertThat(count(SmsMetrics.CODES_CHECKED, purpose, "result", "void")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = SendLimits.Purpose.class, names = {"LOGIN", "REGISTRATION"})
    @DisplayName("expired: 'code expired' at the field, event expired_code, checked{expired}")
    void expired(SendLimits.Purpose purpose) throws Exception {
        send(purpose, Map.of());
        clock.advance(301);
        CodeCheck.Result result = check(purpose, code());
        assertThat(result).isEqualTo(CodeCheck.Result.EXPIRED);
        exchange(purpose, Map.of()).page(result);
        verify(form).addError(argThat((FormMessage m) -> MessageKeys.CODE_EXPIRED.equals(m.getMessage())));
        verify(event).error(Errors.EXPIRED_CODE);
        assertThat(count(SmsMetrics.CODES_CHECKED, purpose, "result", "expired")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = SendLimits.Purpose.class, names = {"LOGIN", "REGISTRATION"})
    @DisplayName("expired codes do not count against the bound of consecutive wrong codes; the next wrong one reaches it")
    void expiredNotCounted(SendLimits.Purpose purpose) throws Exception {
        FailureBound bound = new FailureBound(store, "realm-1", "user-1");
        for (int i = 0; i < FailureBound.MAX_CONSECUTIVE_FAILURES - 1; i++) {
            store.request(() -> bound.reserve().failed());
        }
        send(purpose, Map.of());
        clock.advance(301);
        assertThat(check(purpose, code())).isEqualTo(CodeCheck.Result.EXPIRED);
        assertThat(check(purpose, "000000")).as("no code left: not checked, not counted").isNotIn(CodeCheck.Result.WRONG,
            CodeCheck.Result.WRONG_AND_VOID);
        assertThat(bound.reached()).as("99 wrong and an expired code").isFalse();
        send(purpose, Map.of());
        assertThat(check(purpose, code().equals("000000") ? "111111" : "000000")).isEqualTo(CodeCheck.Result.WRONG);
        assertThat(bound.reached()).as("the 100th wrong code").isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = SendLimits.Purpose.class, names = {"LOGIN", "REGISTRATION"})
    @DisplayName("outdated: a replaced SMS's code gets 'use the newest SMS' at the field, event sipgate_sms_outdated_code, "
        + "checked{outdated}, no bound counted, and the newest code still works")
    void outdated(SendLimits.Purpose purpose) throws Exception {
        FailureBound bound = new FailureBound(store, "realm-1", "user-1");
        for (int i = 0; i < FailureBound.MAX_CONSECUTIVE_FAILURES - 1; i++) {
            store.request(() -> bound.reserve().failed());
        }
        send(purpose, Map.of());
        String first = code();
        clock.advance(60);
        send(purpose, Map.of());
        assertThat(code()).as("two SMS, two codes").isNotEqualTo(first);
        CodeCheck.Result result = check(purpose, first);
        assertThat(result).isEqualTo(CodeCheck.Result.OUTDATED);
        assertThat(result.wrong()).as("not counted by brute-force detection").isFalse();
        exchange(purpose, Map.of()).page(result);
        verify(form).addError(argThat((FormMessage m) -> MessageKeys.CODE_OUTDATED.equals(m.getMessage())));
        verify(event).error("sipgate_sms_outdated_code");
        assertThat(count(SmsMetrics.CODES_CHECKED, purpose, "result", "outdated")).isEqualTo(1);
        assertThat(bound.reached()).as("99 wrong and an outdated code").isFalse();
        assertThat(check(purpose, code())).as("the newest code").isEqualTo(CodeCheck.Result.ACCEPTED);
    }

    @ParameterizedTest
    @EnumSource(value = SendLimits.Purpose.class, names = {"LOGIN", "REGISTRATION"})
    @DisplayName("accepted: checked{right}, no event error, and exactly the number the code went to is proven (not a look-alike)")
    void accepted(SendLimits.Purpose purpose) throws Exception {
        send(purpose, Map.of());
        CodeExchange exchange = exchange(purpose, Map.of());
        assertThat(store.request(() -> exchange.check(code()))).isEqualTo(CodeCheck.Result.ACCEPTED);
        verify(event, never()).error(anyString());
        assertThat(count(SmsMetrics.CODES_CHECKED, purpose, "result", "right")).isEqualTo(1);
        assertThat(exchange.proven(NUMBER)).isEqualTo(NUMBER);
        assertThat(exchange.proven("+4917099996789")).as("same last four digits, another number").isNull();
    }
}
