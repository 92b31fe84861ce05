package io.github.sipgatesms.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.common.util.Time;
import org.keycloak.component.ComponentModel;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.mockito.MockedStatic;
import org.mockito.invocation.Invocation;

import io.github.sipgatesms.keycloak.code.CodePageModel;
import io.github.sipgatesms.keycloak.code.Codes;
import io.github.sipgatesms.keycloak.code.MessageKeys;
import io.github.sipgatesms.keycloak.config.ServerOptions;
import io.github.sipgatesms.keycloak.config.SettingsResolver;
import io.github.sipgatesms.keycloak.metrics.SmsMetrics;
import io.github.sipgatesms.keycloak.sms.SmsSender;
import io.github.sipgatesms.keycloak.sms.SmsSenders;
import io.github.sipgatesms.keycloak.testsupport.AuthSessions;
import io.github.sipgatesms.keycloak.testsupport.InMemorySingleUseObjects;
import io.github.sipgatesms.keycloak.testsupport.KeycloakStub;
import io.github.sipgatesms.keycloak.testsupport.TestClock;

/**
 * The password reset by SMS alone (Choose User, then the step): every account is answered alike - the same page model,
 * messages and challenge kind for the first answer, a resend and each wrong code - and only the holder of a usable
 * number gets an SMS, sent after the answer. Keycloak is mocked; the store is the in-memory single-use store.
 */
@DisplayName("proof-less reset: one answer for every account, the SMS only for a usable number and after the answer")
class ResetBySmsTest {

    /** What Choose User leaves behind for the account a stranger typed. */
    enum Account { UNKNOWN, DISABLED, NO_NUMBER, LOCKED, WITH_NUMBER }

    private static final String NUMBER = "+4915123456789";

    private final SmsSenders selector = mock(SmsSenders.class);
    private final SmsSender sender = mock(SmsSender.class);
    private final TestClock clock = new TestClock();
    private final InMemorySingleUseObjects store = new InMemorySingleUseObjects(clock);
    private final KeycloakStub keycloak = new KeycloakStub(store);
    private final KeycloakSession session = keycloak.session;
    private final RealmModel realm = keycloak.realm;
    private final LoginFormsProvider form = keycloak.form;
    private final EventBuilder event = keycloak.event;
    private final BruteForceProtector protector = keycloak.protector;
    /** The SMS handed to Keycloak's executor: they run only when the test says so, after the answer. */
    private final List<Runnable> later = new ArrayList<>();
    private final SmsAuthenticator step = new SmsAuthenticator(new Codes(new SettingsResolver(ServerOptions.NONE), selector, SmsMetrics.OFF,
        (request, job) -> later.add(() -> store.request(() -> job.accept(request)))), false);
    private final Map<Account, UserModel> users = new EnumMap<>(Account.class);
    private final MultivaluedHashMap<String, String> formData = new MultivaluedHashMap<>();
    private String lastSms;
    private MockedStatic<Time> keycloakTime;

    @BeforeEach
    void wire() throws Exception {
        keycloakTime = clock.keycloakTime();
        when(realm.isBruteForceProtected()).thenReturn(true);
        when(selector.select(any(), any())).thenReturn(sender);
        doAnswer(i -> lastSms = i.getArgument(1)).when(sender).send(anyString(), anyString());

        users.put(Account.DISABLED, user("disabled", false, NUMBER));
        users.put(Account.NO_NUMBER, user("no-number", true, null));
        users.put(Account.LOCKED, user("locked", true, NUMBER));
        users.put(Account.WITH_NUMBER, user("with-number", true, NUMBER));
        when(protector.isTemporarilyDisabled(session, realm, users.get(Account.LOCKED))).thenReturn(true);
        // the work after the answer reads the user anew in its own session
        UserProvider userStore = mock(UserProvider.class);
        users.values().forEach(user -> when(userStore.getUserById(realm, user.getId())).thenReturn(user));
        when(session.users()).thenReturn(userStore);
        policy(Map.of("resendCooldownSeconds", "0", "maxAttempts", "3", "maxSmsPerAddressPerHour", "1000"));
    }

    @AfterEach
    void releaseTime() {
        keycloakTime.close();
    }

    private static UserModel user(String id, boolean enabled, String phone) {
        UserModel user = mock(UserModel.class);
        when(user.getId()).thenReturn(id);
        when(user.isEnabled()).thenReturn(enabled);
        when(user.getFirstAttribute("phoneNumber")).thenReturn(phone);
        SubjectCredentialManager credentials = mock(SubjectCredentialManager.class);
        when(credentials.getStoredCredentialsByTypeStream(anyString())).thenAnswer(i -> Stream.empty());
        when(user.credentialManager()).thenReturn(credentials);
        return user;
    }

    private void policy(Map<String, String> values) {
        ComponentModel policy = new ComponentModel();
        policy.setId("policy-1");
        policy.setProviderId(SettingsResolver.PROVIDER_ID);
        policy.setProviderType(SettingsResolver.POLICY_TYPE);
        values.forEach((key, value) -> policy.getConfig().putSingle(key, value));
        when(realm.getComponentsStream("realm-1", SettingsResolver.POLICY_TYPE)).thenAnswer(i -> Stream.of(policy));
    }

    /** The request context of a reset tab in which Choose User left {@code account}'s user (none for an unknown one). */
    private AuthenticationFlowContext context(Account account, AuthenticationSessionModel authSession) {
        AuthenticationFlowContext context = mock(AuthenticationFlowContext.class);
        when(context.getSession()).thenReturn(session);
        when(context.getRealm()).thenReturn(realm);
        when(context.getUser()).thenReturn(users.get(account));
        when(context.getEvent()).thenReturn(event);
        when(context.getAuthenticationSession()).thenReturn(authSession);
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setId("execution-1");
        when(context.getExecution()).thenReturn(execution);
        HttpRequest request = mock(HttpRequest.class);
        when(request.getHttpMethod()).thenReturn("POST");
        when(request.getDecodedFormParameters()).thenReturn(formData);
        when(context.getHttpRequest()).thenReturn(request);
        return context;
    }

    private static AuthenticationSessionModel resetTab(String root) {
        AuthenticationSessionModel authSession = AuthSessions.create(root, "tab");
        authSession.setAuthNote(AuthenticationProcessor.CURRENT_FLOW_PATH, "reset-credentials");
        return authSession;
    }

    /**
     * Everything the browser can tell of one answer: the challenge kind, the messages and the page model (all its
     * properties). Clears what it read.
     */
    private String answer(AuthenticationFlowContext context) {
        String seen = Stream.concat(described(context, "challenge", "failureChallenge", "forceChallenge", "success", "failure"),
            described(form, "setInfo", "setError", "setSuccess", "addError", "setAttribute")).collect(Collectors.joining("; "));
        clearInvocations(form);
        keycloak.clearAttributes();
        return seen;
    }

    private static Stream<String> described(Object mock, String... methods) {
        List<String> names = Arrays.asList(methods);
        return mockingDetails(mock).getInvocations().stream().filter(i -> names.contains(i.getMethod().getName()))
            .map(ResetBySmsTest::describe);
    }

    private static String describe(Invocation invocation) {
        return invocation.getMethod().getName() + Arrays.stream(invocation.getArguments()).map(ResetBySmsTest::describe).toList();
    }

    private static String describe(Object argument) {
        if (argument instanceof FormMessage message) {
            return message.getField() + ":" + message.getMessage() + Arrays.toString(message.getParameters());
        }
        if (argument instanceof CodePageModel model) {
            return Arrays.stream(CodePageModel.class.getMethods()).filter(m -> m.getDeclaringClass() == CodePageModel.class)
                .sorted(Comparator.comparing(Method::getName)).map(m -> m.getName() + "=" + invoke(m, model)).toList().toString();
        }
        if (argument instanceof Object[] array) {
            return Arrays.deepToString(array);
        }
        return argument instanceof Response ? "page" : String.valueOf(argument);
    }

    private static Object invoke(Method method, Object target) {
        try {
            return method.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first answer, a resend and three wrong codes (the last voids the code), for one account in its own tab. */
    private List<String> answers(Account account) {
        AuthenticationSessionModel tab = resetTab("root-" + account);
        List<String> answers = new ArrayList<>();
        AuthenticationFlowContext first = context(account, tab);
        store.request(() -> step.authenticate(first));
        answers.add(answer(first));
        formData.clear();
        formData.putSingle("resend", "true");
        AuthenticationFlowContext resend = context(account, tab);
        store.request(() -> step.action(resend));
        answers.add(answer(resend));
        for (int i = 0; i < 3; i++) {
            formData.clear();
            formData.putSingle("code", "00000" + i);
            AuthenticationFlowContext wrong = context(account, tab);
            store.request(() -> step.action(wrong));
            answers.add(answer(wrong));
        }
        formData.clear();
        return answers;
    }

    @Test
    @DisplayName("unknown, disabled, no-number, locked and known accounts get the same answers, with no digit of the number")
    void sameAnswers() throws Exception {
        List<String> known = answers(Account.WITH_NUMBER);
        assertThat(known).hasSize(5);
        assertThat(String.join(" ", known)).doesNotContain("6789").contains("isProofless=true").contains("isResent=true");
        for (Account account : List.of(Account.UNKNOWN, Account.DISABLED, Account.NO_NUMBER, Account.LOCKED)) {
            assertThat(answers(account)).as(account.name()).isEqualTo(known);
        }
        assertThat(known.get(2)).startsWith("failureChallenge");
        assertThat(known.get(4)).contains(MessageKeys.CODE_VOID);
    }

    @Test
    @DisplayName("only the known account gets SMS (first answer and resend), and each goes out after the answer")
    void smsOnlyForUsableNumberAfterTheAnswer() throws Exception {
        for (Account account : Account.values()) {
            AuthenticationFlowContext context = context(account, resetTab("root-" + account));
            store.request(() -> step.authenticate(context));
        }
        verify(sender, never()).send(anyString(), anyString());
        assertThat(later).as("the holders of a usable number, locked or not: the lock is looked up after the answer").hasSize(2);
        later.forEach(Runnable::run);
        verify(sender, times(1)).send(eq(NUMBER), anyString());
        assertThat(lastSms).contains("password reset code").doesNotContain("login code");
    }

    @Test
    @DisplayName("a holder's answer does the same work in the store as a stranger's: the lock, the limits and the SMS come after it")
    void sameWorkBeforeTheAnswer() throws Exception {
        // the node's first SMS request checks the single-use store once (SECURITY.md 44), whoever asks: not measured here
        storeWork(Account.UNKNOWN);
        later.clear();
        Map<String, Long> stranger = storeWork(Account.UNKNOWN);
        assertThat(later).isEmpty();
        assertThat(storeWork(Account.WITH_NUMBER)).isEqualTo(stranger);
        assertThat(later).as("the holder's claims and SMS, after the answer").hasSize(1);
        verify(sender, never()).send(anyString(), anyString());
        later.forEach(Runnable::run);
        verify(sender).send(eq(NUMBER), anyString());
    }

    /** The single-use store operations of one first request for the account, by operation. */
    private Map<String, Long> storeWork(Account account) {
        Map<String, Long> before = store.operations();
        AuthenticationFlowContext context = context(account, resetTab("root-work-" + account));
        store.request(() -> step.authenticate(context));
        Map<String, Long> work = new TreeMap<>();
        store.operations().forEach((operation, count) -> work.put(operation, count - before.getOrDefault(operation, 0L)));
        return work;
    }

    @Test
    @DisplayName("the known account's right code passes; a code for an account that got no SMS never does")
    void onlyASentCodePasses() throws Exception {
        AuthenticationSessionModel tab = resetTab("root-known");
        AuthenticationFlowContext first = context(Account.WITH_NUMBER, tab);
        store.request(() -> step.authenticate(first));
        later.forEach(Runnable::run);
        String code = lastSms.substring(lastSms.lastIndexOf('#') + 1);
        formData.putSingle("code", code);
        AuthenticationFlowContext right = context(Account.WITH_NUMBER, tab);
        store.request(() -> step.action(right));
        verify(right).success(any());

        // the same code typed in a tab of the locked account: it got no SMS, so nothing passes
        AuthenticationSessionModel lockedTab = resetTab("root-locked");
        AuthenticationFlowContext lockedFirst = context(Account.LOCKED, lockedTab);
        store.request(() -> step.authenticate(lockedFirst));
        AuthenticationFlowContext lockedTry = context(Account.LOCKED, lockedTab);
        store.request(() -> step.action(lockedTry));
        verify(lockedTry, never()).success(any());
    }

    @Test
    @DisplayName("maxSmsPerAddressPerHour counts every request from the address, known account or not, then 'too many codes'")
    void perAddressCap() throws Exception {
        policy(Map.of("resendCooldownSeconds", "0", "maxSmsPerAddressPerHour", "3"));
        List<Account> order = List.of(Account.UNKNOWN, Account.NO_NUMBER, Account.WITH_NUMBER, Account.WITH_NUMBER, Account.UNKNOWN);
        List<String> answers = new ArrayList<>();
        for (Account account : order) {
            AuthenticationFlowContext context = context(account, resetTab("root-" + answers.size()));
            store.request(() -> step.authenticate(context));
            answers.add(answer(context));
        }
        assertThat(answers.subList(0, 3)).allMatch(a -> !a.contains(MessageKeys.LIMIT_REACHED));
        assertThat(answers.get(3)).contains(MessageKeys.LIMIT_REACHED);
        assertThat(answers.get(4)).as("an unknown account is refused alike").isEqualTo(answers.get(3));
        assertThat(later).as("one SMS: the known account's request within the cap").hasSize(1);
    }
}
