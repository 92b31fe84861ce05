package io.github.sipgatesms.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.common.util.Time;
import org.keycloak.component.ComponentModel;
import org.keycloak.cookie.CookieProvider;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.mockito.ArgumentCaptor;
import org.mockito.MockedStatic;

import io.github.sipgatesms.keycloak.code.CodePageModel;
import io.github.sipgatesms.keycloak.code.Codes;
import io.github.sipgatesms.keycloak.code.MessageKeys;
import io.github.sipgatesms.keycloak.config.ServerOptions;
import io.github.sipgatesms.keycloak.config.SettingsResolver;
import io.github.sipgatesms.keycloak.metrics.SmsMetrics;
import io.github.sipgatesms.keycloak.sms.SmsSendException;
import io.github.sipgatesms.keycloak.sms.SmsSender;
import io.github.sipgatesms.keycloak.sms.SmsSenders;
import io.github.sipgatesms.keycloak.testsupport.AuthSessions;
import io.github.sipgatesms.keycloak.testsupport.InMemorySingleUseObjects;
import io.github.sipgatesms.keycloak.testsupport.KeycloakStub;
import io.github.sipgatesms.keycloak.testsupport.TestClock;

/** Branches of the flow logic, with Keycloak mocked (the integration tests run the same paths for real). */
@DisplayName("SMS authenticator branches")
class SmsAuthenticatorTest {

    private final AuthenticationFlowContext context = mock(AuthenticationFlowContext.class);
    private final UserModel user = mock(UserModel.class);
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
    private final Response page = keycloak.page;
    private final SmsAuthenticator authenticator = new SmsAuthenticator(new Codes(new SettingsResolver(ServerOptions.NONE),
        selector, SmsMetrics.OFF), true);
    private String lastSms;
    private MockedStatic<Time> keycloakTime;

    @BeforeEach
    void wire() throws Exception {
        keycloakTime = clock.keycloakTime();
        when(context.getSession()).thenReturn(session);
        when(context.getRealm()).thenReturn(realm);
        when(context.getUser()).thenReturn(user);
        when(context.form()).thenReturn(form);
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setId("execution-1");
        when(context.getExecution()).thenReturn(execution);
        when(request.getHttpMethod()).thenReturn("POST");
        when(context.getEvent()).thenReturn(event);
        when(context.getHttpRequest()).thenReturn(request);
        when(context.getProtector()).thenReturn(protector);
        when(context.getAuthenticationSession()).thenReturn(authSession);
        // an ordinary browser login whose password form checked the password (EarlierProof)
        passwordChecked(authSession);
        when(request.getDecodedFormParameters()).thenReturn(formData);
        when(user.getId()).thenReturn("user-1");
        when(user.getFirstAttribute("phoneNumber")).thenReturn("0151 23456789");
        SubjectCredentialManager credentials = mock(SubjectCredentialManager.class);
        when(credentials.getStoredCredentialsByTypeStream(anyString())).thenAnswer(i -> Stream.empty());
        when(user.credentialManager()).thenReturn(credentials);

        // a frontend URL with a port: the SMS's origin-bound line names the host only
        when(keycloak.uri.getBaseUri()).thenReturn(URI.create("https://login.example.com:8443/"));
        // no identity cookie: no live session of the realm in this browser (a first authentication)
        when(session.getProvider(CookieProvider.class)).thenReturn(mock(CookieProvider.class));
        when(selector.select(any(), any())).thenReturn(sender);
        doAnswer(i -> lastSms = i.getArgument(1)).when(sender).send(anyString(), anyString());
    }

    @AfterEach
    void releaseTime() {
        keycloakTime.close();
    }

    /** The notes Keycloak's Username Password Form leaves in a browser login after a right password. */
    private static void passwordChecked(AuthenticationSessionModel session) {
        session.setAuthNote(AuthenticationProcessor.CURRENT_FLOW_PATH, "authenticate");
        session.setAuthNote(AuthenticationManager.PASSWORD_VALIDATED, "true");
        AuthenticatorUtil.addAuthCredential(session, "password");
    }

    /** One request to the step's authenticate, committed as Keycloak commits the request's transaction. */
    /** Another login of the same user (a new authentication session), up to its code page. */
    private void newLogin(String rootId) {
        AuthenticationSessionModel next = AuthSessions.create(rootId, "tab");
        when(context.getAuthenticationSession()).thenReturn(next);
        authenticate();
    }

    private void authenticate() {
        store.request(() -> authenticator.authenticate(context));
    }

    /** One form post to the step, committed as Keycloak commits the request's transaction. */
    private void action() {
        store.request(() -> authenticator.action(context));
    }

    private String sentCode() {
        return lastSms.substring(lastSms.lastIndexOf('#') + 1);
    }

    /** The realm SMS policy (the tab's component) holds these values. */
    private void policy(Map<String, String> values) {
        ComponentModel policy = new ComponentModel();
        policy.setId("policy-1");
        policy.setProviderId(SettingsResolver.PROVIDER_ID);
        policy.setProviderType(SettingsResolver.POLICY_TYPE);
        values.forEach((key, value) -> policy.getConfig().putSingle(key, value));
        when(realm.getComponentsStream("realm-1", SettingsResolver.POLICY_TYPE)).thenAnswer(i -> Stream.of(policy));
    }

    @Nested
    @DisplayName("authenticate")
    class Authenticate {

        @Test
        @DisplayName("sends one SMS to the E.164 number, with the origin-bound line for the frontend host, and renders the page")
        void sendsOnce() throws Exception {
            authenticate();
            verify(sender).send(eq("+4915123456789"), anyString());
            assertThat(lastSms).matches("(?s).*\n@login\\.example\\.com #\\d{6}");
            verify(context).challenge(page);

            authenticate();
            verify(sender, times(1)).send(anyString(), anyString());
        }

        @Test
        @DisplayName("coming back from 'try another way' voids the code and sends nothing")
        void backFromSelection() throws Exception {
            authenticate();
            String code = sentCode();
            formData.putSingle("authenticationExecution", "some-execution-id");
            authenticate();
            verify(sender, times(1)).send(anyString(), anyString());
            formData.clear();
            formData.putSingle("code", code);
            action();
            verify(context, never()).success(anyString());
            verify(form).setError(MessageKeys.NO_ACTIVE_CODE);
        }

        @Test
        @DisplayName("a locked-out user gets no SMS, and the page says no code can be sent now")
        void lockedOut() throws Exception {
            when(realm.isBruteForceProtected()).thenReturn(true);
            when(protector.isTemporarilyDisabled(session, realm, user)).thenReturn(true);
            authenticate();
            verify(sender, never()).send(anyString(), anyString());
            verify(form).setError(MessageKeys.LIMIT_REACHED, 1L);
            verify(context).challenge(page);
        }

        @Test
        @DisplayName("a failed send voids the code, shows 'could not be sent' and records the cause as event error")
        void sendFails() throws Exception {
            doThrow(new SmsSendException(SmsSendException.Reason.SERVER_ERROR, 500, "sipgate answered 500"))
                .when(sender).send(anyString(), anyString());
            authenticate();
            verify(form).setError(MessageKeys.SEND_FAILED);
            verify(event).error("sipgate_sms_server_error");
            assertThat(AuthSessions.notes(authSession)).doesNotContainKey("sipgate-sms.code.hash");
        }

        @Test
        @DisplayName("a send refused before sipgate (unresolved vault reference, node busy) takes no limit: the next attempt sends at once")
        void refusedBeforeSipgateTakesNothing() throws Exception {
            when(selector.select(any(), any())).thenThrow(new SmsSendException(SmsSendException.Reason.CONFIGURATION, 0, "vault"))
                .thenThrow(SmsSendException.busy()).thenReturn(sender);
            authenticate();
            verify(form).setError(MessageKeys.SEND_FAILED);
            assertThat(store.count("sipgate-sms.realm-1.")).as("limit keys").isZero();
            formData.putSingle("resend", "true");
            action();
            assertThat(store.count("sipgate-sms.realm-1.")).as("limit keys").isZero();
            action();
            verify(sender, times(1)).send(eq("+4915123456789"), anyString());
        }

        @Test
        @DisplayName("a user without a number gets a clear message and no SMS")
        void noPhone() throws Exception {
            when(user.getFirstAttribute("phoneNumber")).thenReturn(null);
            authenticate();
            verify(sender, never()).send(anyString(), anyString());
            verify(form).setError(MessageKeys.NO_PHONE);
        }
    }

    @Nested
    @DisplayName("where no earlier step of the login checked a credential (a Username Form alone)")
    class NoEarlierProof {

        @BeforeEach
        void usernameFormOnly() {
            AuthSessions.notes(authSession).clear();
            authSession.setAuthNote(AuthenticationProcessor.CURRENT_FLOW_PATH, "authenticate");
            // Keycloak's Username Form records "password" without checking one
            AuthenticatorUtil.addAuthCredential(authSession, "password");
            when(session.getContext().getAuthenticationSession()).thenReturn(authSession);
        }

        @Test
        @DisplayName("a user without a number counts as configured (no registration), gets 'no number', and the event says withheld")
        void noRegistration() throws Exception {
            when(user.getFirstAttribute("phoneNumber")).thenReturn(null);
            assertThat(authenticator.configuredFor(session, realm, user)).isTrue();
            authenticate();
            verify(sender, never()).send(anyString(), anyString());
            verify(form).setError(MessageKeys.NO_PHONE);
            verify(event).detail("sipgate_sms_registration", "withheld");
            verify(event).error("sipgate_sms_no_phone");
        }

        @Test
        @DisplayName("asked by 'Condition - user configured', the same user is not configured: a conditional sub-flow stays skipped")
        void conditionGetsThePlainAnswer() {
            when(user.getFirstAttribute("phoneNumber")).thenReturn(null);
            ConditionalAuthenticator userConfigured = new ConditionalAuthenticator() {
                @Override
                public boolean matchCondition(AuthenticationFlowContext flow) {
                    return authenticator.configuredFor(session, realm, user);
                }

                @Override
                public void action(AuthenticationFlowContext flow) {
                    // not used
                }

                @Override
                public boolean requiresUser() {
                    return true;
                }

                @Override
                public void setRequiredActions(KeycloakSession keycloak, RealmModel model, UserModel who) {
                    // not used
                }

                @Override
                public void close() {
                    // nothing held
                }
            };
            assertThat(userConfigured.matchCondition(context)).isFalse();
            assertThat(authenticator.configuredFor(session, realm, user)).as("asked to run the step").isTrue();
        }

        @Test
        @DisplayName("after a password the same user is not configured: Keycloak offers the registration")
        void registrationAfterPassword() {
            when(user.getFirstAttribute("phoneNumber")).thenReturn(null);
            passwordChecked(authSession);
            assertThat(authenticator.configuredFor(session, realm, user)).isFalse();
        }

        @Test
        @DisplayName("with trustBrowserDays 30 the code page offers no checkbox (after a password it does)")
        void noTrust() throws Exception {
            policy(Map.of("trustBrowserDays", "30"));
            authenticate();
            assertThat(lastModel().getTrustBrowserDays()).isZero();

            passwordChecked(authSession);
            formData.putSingle("code", "000000");
            action();
            assertThat(lastModel().getTrustBrowserDays()).isEqualTo(30);
        }
    }

    @Nested
    @DisplayName("numbers and limits")
    class NumbersAndLimits {

        @Test
        @DisplayName("a premium-rate number gets no SMS: a clear message and an invalid_number event")
        void premiumNumber() throws Exception {
            when(user.getFirstAttribute("phoneNumber")).thenReturn("+49 900 1234567");
            authenticate();
            verify(sender, never()).send(anyString(), anyString());
            verify(form).setError(MessageKeys.PHONE_UNUSABLE);
            verify(event).detail("sipgate_sms_number_problem", "not_mobile");
            verify(event).error("sipgate_sms_invalid_number");
        }

        @Test
        @DisplayName("the per-user hourly cap holds across new logins: the sixth login in an hour gets no SMS")
        void userCapAcrossLogins() throws Exception {
            for (int login = 0; login < 5; login++) {
                newLogin("root-" + login);
                store.advance(31);
            }
            verify(sender, times(5)).send(anyString(), anyString());
            newLogin("root-6");
            verify(sender, times(5)).send(anyString(), anyString());
            verify(form).setError(eq(MessageKeys.LIMIT_REACHED), any());
            verify(event).detail("sipgate_sms_limit", "user_hourly,number_hourly");
            verify(event).error("sipgate_sms_limit");
        }

        @Test
        @DisplayName("a new login inside the cooldown of the last SMS sends nothing and says how many seconds to wait")
        void cooldownAcrossLogins() throws Exception {
            authenticate();
            newLogin("root-2");
            verify(sender, times(1)).send(anyString(), anyString());
            // one message: the resend hint says to wait, no alert besides it
            verify(form, never()).setError(anyString(), any());
            assertThat(lastModel().isResendRefused()).isTrue();
            assertThat(lastModel().getResendWaitSeconds()).isEqualTo(30);
            verify(event).detail("sipgate_sms_limit", "user_cooldown");
        }

        @Test
        @DisplayName("a code entered while the user's cooldown held the SMS back keeps the countdown in the re-rendered page")
        void wrongCodeKeepsTheUsersCooldown() throws Exception {
            authenticate();
            clock.advance(5);
            newLogin("root-2");
            assertThat(lastModel().getResendWaitSeconds()).isEqualTo(25);
            clock.advance(5);
            formData.putSingle("code", "123456");
            action();
            verify(form).setError(MessageKeys.NO_ACTIVE_CODE);
            assertThat(lastModel().isCodeActive()).isFalse();
            assertThat(lastModel().getResendWaitSeconds()).as("still counting: no 'send a new code' before the cooldown ends").isEqualTo(20);
            assertThat(lastModel().isResendRefused()).as("a hint now, not the refusal again").isFalse();
        }

        @Test
        @DisplayName("10 000 logins leave nothing of the step's state in the single-use store after the longest lifespan (24 h)")
        void stateExpiresAfterManyLogins() throws Exception {
            policy(Map.of("resendCooldownSeconds", "0",
                "maxSmsPerUserPerHour", "1000000", "maxSmsPerNumberPerHour", "1000000", "maxSmsPerRealmPerHour", "1000000"));
            AtomicInteger successes = new AtomicInteger();
            doAnswer(i -> successes.incrementAndGet()).when(context).success(anyString());
            // one stubbing that answers the current login's session (re-stubbing per login slows Mockito quadratically)
            AuthenticationSessionModel[] current = {authSession};
            when(context.getAuthenticationSession()).thenAnswer(i -> current[0]);
            int logins = 10_000;
            long peak = 0;
            for (int login = 0; login < logins; login++) {
                current[0] = AuthSessions.create("root-" + login, "tab");
                formData.clear();
                authenticate();
                formData.putSingle("code", sentCode());
                action();
                if (login % 10 == 9) {
                    store.advance(1); // 10 logins a second, 1000 s in all
                }
                if (login % 500 == 499) {
                    peak = Math.max(peak, store.count(""));
                    clearInvocations(context, form, event, sender);
                }
            }
            assertThat(successes).hasValue(logins);
            // the rolling-hour counters hold a ticket (and its start time) per SMS for an hour, for user, number and realm;
            // each code's entries (one entry and the single-use mark) live as long as the code (300 s: 3000 logins here)
            assertThat(peak).isLessThanOrEqualTo(6L * logins + 2L * 3000 + 16);
            store.advance(3600);
            assertThat(store.count("")).as("after an hour only the per-user failure-bound generation may remain")
                .isLessThanOrEqualTo(4);
            store.advance(24 * 3600);
            assertThat(store.count("")).isZero();
        }

        @Test
        @DisplayName("one SMS login costs 25 operations on the single-use store: cooldown, the caps' tickets, the wrong-code "
            + "bound, the code's entry and single-use mark (docs/performance.md)")
        void storeOperationsPerSmsLogin() throws Exception {
            // a realm that has sent SMS before: the rolling-hour counters have tickets (their first SMS writes start times too)
            authenticate();
            formData.putSingle("code", sentCode());
            action();
            AuthenticationSessionModel second = AuthSessions.create("root-2", "tab");
            when(context.getAuthenticationSession()).thenReturn(second);
            store.advance(60);
            Map<String, Long> before = store.operations();
            formData.clear();
            authenticate();
            formData.putSingle("code", sentCode());
            action();
            Map<String, Long> per = new HashMap<>();
            store.operations().forEach((op, n) -> per.put(op, n - before.getOrDefault(op, 0L)));
            per.values().removeIf(n -> n == 0);
            // send: the bound 1 get; cooldown contains, putIfAbsent, put (its start); per cap (user, number, realm) the hint
            // get, a contains, the ticket putIfAbsent, its start put, the hint put. Right code: the bound get, contains,
            // putIfAbsent, remove; the code's entry putIfAbsent and its single-use mark putIfAbsent. Metrics off: no count
            // of the realm's hour (about log2(budget) contains with metrics on)
            assertThat(per).as("store operations of one SMS login (send and right code)")
                .isEqualTo(Map.of("contains", 5L, "get", 5L, "put", 7L, "putIfAbsent", 7L, "remove", 1L));
        }

        @Test
        @DisplayName("after 100 consecutive wrong codes over 25 codes, even the right code is refused like a wrong one")
        void failureBound() throws Exception {
            authenticate();
            for (int wrong = 0; wrong < 100; wrong++) {
                if (wrong > 0 && wrong % 4 == 0) {
                    // a new code every 4 wrong entries (maxAttempts 5 never voids it); limits allow one per 721 s
                    store.advance(721);
                    formData.clear();
                    formData.putSingle("resend", "true");
                    action();
                    formData.clear();
                }
                formData.putSingle("code", sentCode().equals("000000") ? "111111" : "000000");
                action();
            }
            verify(sender, times(25)).send(anyString(), anyString());
            clearInvocations(event, form, context);
            formData.putSingle("code", sentCode());
            action();
            verify(context, never()).success(anyString());
            verify(event).error("sipgate_sms_failure_bound");
            verify(form).addError(argThat((FormMessage m) -> MessageKeys.CODE_INVALID.equals(m.getMessage())));
        }
    }

    @Nested
    @DisplayName("action")
    class Action {

        @BeforeEach
        void codeSent() {
            authenticate();
        }

        @Test
        @DisplayName("the right code succeeds with the OTP credential type (clears Keycloak's OTP failure count)")
        void rightCode() {
            formData.putSingle("code", sentCode());
            action();
            verify(context).success("otp");
        }

        @Test
        @DisplayName("the administrator's number gets a right code: 'Signing in' records exactly that number")
        void provisionedRecorded() {
            formData.putSingle("code", sentCode());
            action();
            verify(user.credentialManager()).createStoredCredential(argThat(c -> c.getCredentialData().contains("+4915123456789")));
        }

        @Test
        @DisplayName("the attribute changed to a number with the same last digits before the right code: nothing recorded as proven")
        void lookalikeNumberNotProven() {
            when(user.getFirstAttribute("phoneNumber")).thenReturn("+49 152 23456789");
            formData.putSingle("code", sentCode());
            action();
            verify(context).success("otp");
            verify(user.credentialManager(), never()).createStoredCredential(any());
        }

        @Test
        @DisplayName("spaces and dashes typed into the code are ignored")
        void formatting() {
            String code = sentCode();
            formData.putSingle("code", " " + code.substring(0, 3) + "-" + code.substring(3) + " ");
            action();
            verify(context).success("otp");
        }

        @Test
        @DisplayName("a wrong code is a failureChallenge with an invalid_user_credentials event")
        void wrongCode() {
            formData.putSingle("code", sentCode().equals("000000") ? "111111" : "000000");
            action();
            verify(event).error("invalid_user_credentials");
            verify(context).failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, page);
            verify(context, never()).success(anyString());
        }

        @Test
        @DisplayName("a locked-out user is refused before the code is checked, with the wrong-code wording")
        void lockedOut() {
            when(realm.isBruteForceProtected()).thenReturn(true);
            when(protector.isTemporarilyDisabled(session, realm, user)).thenReturn(true);
            formData.putSingle("code", sentCode());
            action();
            verify(context, never()).success(anyString());
            verify(form).addError(argThat((FormMessage m) ->
                "code".equals(m.getField()) && MessageKeys.CODE_INVALID.equals(m.getMessage())));
            assertThat(AuthSessions.notes(authSession)).containsKey("sipgate-sms.code.hash");
        }

        @Test
        @DisplayName("an empty submission is not counted as a wrong code")
        void empty() {
            formData.putSingle("code", "  ");
            action();
            verify(context, never()).failureChallenge(any(), any());
            verify(event, never()).error(anyString());
        }

        @Test
        @DisplayName("resend inside the cooldown sends nothing and says how long to wait")
        void resendInCooldown() throws Exception {
            formData.putSingle("resend", "true");
            action();
            verify(sender, times(1)).send(anyString(), anyString());
            verify(form, never()).setError(anyString(), any());
            verify(form, never()).setInfo(anyString(), any());
            assertThat(lastModel().isResendRefused()).isTrue();
        }

        @Test
        @DisplayName("resend after the cooldown sends a new code that replaces the old one")
        void resendAfterCooldown() throws Exception {
            String first = sentCode();
            clock.advance(30);
            formData.putSingle("resend", "true");
            action();
            verify(sender, times(2)).send(anyString(), anyString());
            // one message: the instruction says "we sent a new code", no alert beside it
            verify(form, never()).setInfo(anyString(), any());
            assertThat(lastModel().isResent()).isTrue();
            assertThat(lastModel().isResendRefused()).isFalse();
            String second = sentCode();
            formData.remove("resend");
            if (!first.equals(second)) {
                formData.putSingle("code", first);
                action();
                verify(context, never()).success(anyString());
                verify(form).addError(argThat((FormMessage m) -> MessageKeys.CODE_OUTDATED.equals(m.getMessage())));
                verify(event).error("sipgate_sms_outdated_code");
                assertThat(lastModel().isResent()).as("the next page is no resend").isFalse();
                formData.putSingle("code", second);
                action();
                verify(context).success("otp");
            }
            formData.putSingle("code", second);
            action();
            verify(context).success("otp");
        }
    }

    /** The code page model of the last page rendered. */
    private CodePageModel lastModel() {
        ArgumentCaptor<Object> models = ArgumentCaptor.forClass(Object.class);
        verify(form, atLeastOnce()).setAttribute(eq("sipgateSms"), models.capture());
        return (CodePageModel) models.getValue();
    }
}
