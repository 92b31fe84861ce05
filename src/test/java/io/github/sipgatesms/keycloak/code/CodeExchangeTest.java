package io.github.sipgatesms.keycloak.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import jakarta.ws.rs.core.MultivaluedHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.mockito.MockedStatic;

import io.github.sipgatesms.keycloak.config.ServerOptions;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.credential.PhoneIndex;
import io.github.sipgatesms.keycloak.credential.UserNumber;
import io.github.sipgatesms.keycloak.limits.Bucket;
import io.github.sipgatesms.keycloak.limits.FailureBound;
import io.github.sipgatesms.keycloak.limits.StoreGuarantee;
import io.github.sipgatesms.keycloak.login.EarlierProof;
import io.github.sipgatesms.keycloak.metrics.SmsMetrics;
import io.github.sipgatesms.keycloak.metrics.TestMeters;
import io.github.sipgatesms.keycloak.passkey.PasskeyNudge;
import io.github.sipgatesms.keycloak.sms.SmsSender;
import io.github.sipgatesms.keycloak.sms.SmsSenders;
import io.github.sipgatesms.keycloak.testsupport.AuthSessions;
import io.github.sipgatesms.keycloak.testsupport.InMemorySingleUseObjects;
import io.github.sipgatesms.keycloak.testsupport.KeycloakStub;
import io.github.sipgatesms.keycloak.testsupport.TestClock;

/**
 * The one code exchange for EVERY purpose (driven by the enum: a new constant is picked up without editing this test)
 * through sent, resent, each limit, wrong, void, expired, locked and accepted: the SMS text, the buckets claimed, the
 * page, the event details and the metric tag. Keycloak is mocked; limits and codes live in the in-memory single-use store.
 */
@DisplayName("the code exchange of every purpose: text, buckets, page, events and metrics of each outcome")
class CodeExchangeTest {

    private static final String NUMBER = "+4915123456789";
    private static final String TYPED = "0151 23456789";
    private static final String MASKED = "+49 ••• ••• 6789";
    private static final String KEYS = "sipgate-sms.realm-1.";

    private final UserModel user = mock(UserModel.class);
    private final SmsSenders selector = mock(SmsSenders.class);
    private final SmsSender sender = mock(SmsSender.class);
    private AuthenticationSessionModel authSession = AuthSessions.create("root", "tab");
    private final TestClock clock = new TestClock();
    /** A spy, so that a test can break the store's one promise ({@link #unsoundStore}). */
    private final InMemorySingleUseObjects store = spy(new InMemorySingleUseObjects(clock));
    private final KeycloakStub keycloak = new KeycloakStub(store);
    private final KeycloakSession session = keycloak.session;
    private final RealmModel realm = keycloak.realm;
    private final EventBuilder event = keycloak.event;
    private final BruteForceProtector protector = keycloak.protector;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SmsMetrics metrics = TestMeters.on(registry);
    /** SMS sent after the answer run at once here, in the request that asked. */
    private final Node node = new Node(selector, metrics, (request, job) -> job.accept(request), new HashSet<>(), new StoreGuarantee());
    private final List<String> sms = new ArrayList<>();
    private final List<CredentialModel> stored = new ArrayList<>();
    private Map<String, String> policy = new HashMap<>();
    private MockedStatic<Time> keycloakTime;

    @BeforeEach
    void wire() throws Exception {
        keycloakTime = clock.keycloakTime();
        when(user.getId()).thenReturn("user-1");
        when(user.isEnabled()).thenReturn(true);
        when(user.getFirstAttribute("phoneNumber")).thenReturn(TYPED);
        when(user.getAttributeStream(PhoneIndex.ATTRIBUTE)).thenAnswer(call -> Stream.empty());
        SubjectCredentialManager credentials = mock(SubjectCredentialManager.class);
        when(user.credentialManager()).thenReturn(credentials);
        when(credentials.getStoredCredentialsByTypeStream(any())).thenAnswer(call -> stored.stream());
        doAnswer(call -> {
            stored.add(call.getArgument(0));
            return call.getArgument(0);
        }).when(credentials).createStoredCredential(any());
        // phone sign-in finds the user as the one holder of the number
        UserProvider users = mock(UserProvider.class);
        when(users.searchForUserByUserAttributeStream(realm, PhoneIndex.ATTRIBUTE, NUMBER)).thenAnswer(call -> Stream.of(user));
        when(users.getUserById(realm, "user-1")).thenReturn(user);
        when(session.users()).thenReturn(users);
        when(selector.select(any(), any())).thenReturn(sender);
        doAnswer(call -> sms.add(call.getArgument(1))).when(sender).send(eq(NUMBER), anyString());
        policy.put("resendCooldownSeconds", "0");
        policy.put("maxAttempts", "2");
    }

    @AfterEach
    void releaseTime() {
        keycloakTime.close();
    }

    /** One request of the purpose with the given form fields, answered by a fresh exchange (as every SPI request is). */
    private Answer request(Purpose purpose, String... fields) {
        MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            form.putSingle(fields[i], fields[i + 1]);
        }
        SmsConfig config = SmsConfig.of(policy, ServerOptions.NONE);
        // Choose User, the password form or the registration set the user; phone sign-in has none before its code
        Request request = new Request(session, realm, purpose == Purpose.SIGN_IN ? null : user, event, authSession, () -> keycloak.form,
            form, false, EarlierProof.of(authSession, () -> false), "flow", Time.currentTime());
        return store.request(() -> fields.length == 0 ? new CodeExchange(node, request, purpose, config).start()
            : new CodeExchange(node, request, purpose, config).act());
    }

    /** The purpose's first SMS: after the number page where the number is typed, else at the step's start. */
    private Answer first(Purpose purpose) {
        if (purpose.numberTyped()) {
            assertThat(request(purpose).page()).as("the number page first").isNotNull();
            assertThat(sms).as("no SMS before a number was typed").isEmpty();
            return request(purpose, NumberEntry.PHONE_FIELD, TYPED);
        }
        return request(purpose);
    }

    private String code() {
        String last = sms.get(sms.size() - 1);
        return last.substring(last.lastIndexOf('#') + 1);
    }

    private String wrong() {
        return code().equals("000000") ? "111111" : "000000";
    }

    private CodePageModel model() {
        return (CodePageModel) keycloak.attribute("sipgateSms");
    }

    private double count(String meter, Purpose purpose, String key, String value) {
        Counter counter = registry.find(meter).tags("realm", "acme", "purpose", purpose.tag(), key, value).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The store keys of the buckets the purpose spends: its number's bucket is its own (the test's oracle, per bucket). */
    private static String numberBucket(Purpose purpose) {
        return KEYS + switch (purpose.bucket()) {
            case LOGIN -> "number.";
            case REGISTRATION -> "registration-number.";
            case PROOFLESS -> "proofless-number.";
        };
    }

    private void verifyError(String messageKey) {
        verify(keycloak.form).setError(eq(messageKey), any());
    }

    private void verifyFieldError(String messageKey) {
        verify(keycloak.form).addError(argThat((FormMessage m) -> m != null && messageKey.equals(m.getMessage())));
    }

    @ParameterizedTest
    @EnumSource(Purpose.class)
    @DisplayName("sent: the purpose's SMS text, its own buckets, the code page as the purpose shows it, sent{purpose=tag}")
    void sent(Purpose purpose) {
        Answer answer = first(purpose);
        assertThat(answer.kind()).isEqualTo(Answer.Kind.CHALLENGE);
        assertThat(sms).singleElement().isEqualTo(SmsText.format(purpose.fallbackText(), Locale.ENGLISH, "acme", code(), 5, "login.example.com"));
        assertThat(store.keys()).anyMatch(key -> key.startsWith(numberBucket(purpose)));
        for (Bucket other : Bucket.values()) {
            if (other != purpose.bucket() && !(purpose.bucket() == Bucket.REGISTRATION && other == Bucket.LOGIN)) {
                assertThat(store.keys()).as("no key of bucket " + other).noneMatch(key -> key.startsWith(KEYS + other.name().toLowerCase(Locale.ROOT) + "-"));
            }
        }
        assertThat(store.keys()).as("the login's number bucket").noneMatch(key -> purpose.bucket() != Bucket.LOGIN && key.startsWith(KEYS + "number."));
        assertThat(model().isCodeActive()).isTrue();
        assertThat(model().isProofless()).isEqualTo(purpose.proofless());
        assertThat(model().isChangeNumber()).isEqualTo(purpose.numberTyped());
        assertThat(model().getMaskedPhone()).isEqualTo(switch (purpose.shows()) {
            case MASKED_NUMBER -> MASKED;
            case TYPED_NUMBER -> TYPED;
            case NOTHING -> "";
        });
        verify(event, never()).error(anyString());
        verify(event, atLeastOnce()).detail(SmsEvents.PURPOSE, purpose.tag());
        assertThat(count(SmsMetrics.SENT, purpose, "outcome", "sent")).isEqualTo(1);
        assertThat(count(SmsMetrics.SEGMENTS, purpose, "encoding", "gsm7")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Purpose.class)
    @DisplayName("resent: a second SMS replaces the code, 'we sent a new code', sent{purpose=tag} 2; a re-entry sends nothing")
    void resent(Purpose purpose) {
        first(purpose);
        String before = code();
        assertThat(request(purpose).kind()).as("re-entry").isEqualTo(Answer.Kind.CHALLENGE);
        assertThat(sms).as("re-entry never sends").hasSize(1);
        request(purpose, CodePage.RESEND_FIELD, "true");
        assertThat(sms).hasSize(2);
        assertThat(model().isResent()).isTrue();
        assertThat(request(purpose, CodePage.CODE_FIELD, before).kind()).as("the replaced code").isNotEqualTo(Answer.Kind.SUCCESS);
        assertThat(count(SmsMetrics.SENT, purpose, "outcome", "sent")).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Purpose.class)
    @DisplayName("each limit refuses the next SMS, named in the metric; 'too many codes' where a proof came first, the same page where none did")
    void limits(Purpose purpose) {
        Map<String, Map<String, String>> caps = new HashMap<>(Map.of(
            "user_cooldown", Map.of("resendCooldownSeconds", "60"),
            "user_hourly", Map.of("maxSmsPerUserPerHour", "1"),
            "number_hourly", Map.of("maxSmsPerNumberPerHour", "1"),
            "realm_hourly", Map.of("maxSmsPerRealmPerHour", "1", "registrationSharePercent", "100", "prooflessSharePercent", "100")));
        if (purpose.bucket() != Bucket.LOGIN) {
            caps.put(purpose.bucket().name().toLowerCase(Locale.ROOT) + "_hourly",
                Map.of("maxSmsPerRealmPerHour", "10", "registrationSharePercent", "10", "prooflessSharePercent", "10"));
        }
        if (purpose.proofless()) {
            caps.put("address_hourly", Map.of("maxSmsPerAddressPerHour", "1"));
        }
        for (Map.Entry<String, Map<String, String>> cap : caps.entrySet()) {
            policy.putAll(cap.getValue());
            first(purpose);
            clearInvocations(keycloak.form, event);
            keycloak.clearAttributes();
            String first = "realm_hourly".equals(cap.getKey()) && purpose.proofless() ? "proofless_hourly" : cap.getKey();
            double refusedBefore = count(SmsMetrics.REFUSED, purpose, "limit", first);
            request(purpose, CodePage.RESEND_FIELD, "true");
            assertThat(sms).as(cap.getKey()).hasSize(1);
            if ("user_cooldown".equals(cap.getKey())) {
                // where no proof came first the tab's own cooldown answers before any claim (nothing a stranger learns)
                assertThat(model().getResendWaitSeconds()).as(cap.getKey()).isPositive();
                verify(event, purpose.proofless() ? never() : atLeastOnce()).detail(SmsEvents.LIMIT, "user_cooldown");
            } else if (purpose.proofless() && !"address_hourly".equals(cap.getKey())) {
                // claimed after the answer: the WARN and the metric say it (the first limit refused), the page never does
                assertThat(count(SmsMetrics.REFUSED, purpose, "limit", first) - refusedBefore).as(cap.getKey()).isEqualTo(1);
                assertThat(model().isCodeActive()).as("the same code page as a sent SMS: " + cap.getKey()).isTrue();
                verify(keycloak.form, never()).setError(eq(MessageKeys.LIMIT_REACHED), any());
            } else {
                verify(event).detail(eq(SmsEvents.LIMIT), contains(cap.getKey()));
                assertThat(registry.find(SmsMetrics.REFUSED).tags("purpose", purpose.tag()).counters()).as(cap.getKey()).isNotEmpty();
                if (!purpose.proofless() || "address_hourly".equals(cap.getKey())) {
                    verifyError(MessageKeys.LIMIT_REACHED);
                } else {
                    assertThat(model().isCodeActive()).as("the same code page as a sent SMS: " + cap.getKey()).isTrue();
                    verify(keycloak.form, never()).setError(eq(MessageKeys.LIMIT_REACHED), any());
                }
            }
            sms.clear();
            clock.advance(3601);
            policy.keySet().removeAll(cap.getValue().keySet());
            policy.put("resendCooldownSeconds", "0");
            authSession = AuthSessions.create("root", "tab-after-" + cap.getKey());
        }
    }

    @ParameterizedTest
    @EnumSource(Purpose.class)
    @DisplayName("wrong, then wrong and void: a failure answer, invalid_user_credentials, checked{wrong}; the bound of "
        + "logins counts them only where a proof came first")
    void wrongThenVoid(Purpose purpose) {
        FailureBound logins = new FailureBound(store, "realm-1", "user-1");
        for (int i = 0; i < FailureBound.MAX_CONSECUTIVE_FAILURES - 2; i++) {
            store.request(() -> logins.reserve().failed());
        }
        first(purpose);
        Answer answer = request(purpose, CodePage.CODE_FIELD, wrong());
        assertThat(answer.kind()).isEqualTo(Answer.Kind.FAILURE);
        verifyFieldError(MessageKeys.CODE_INVALID);
        assertThat(request(purpose, CodePage.CODE_FIELD, wrong()).kind()).isEqualTo(Answer.Kind.FAILURE);
        verifyFieldError(MessageKeys.CODE_VOID);
        verify(event, times(2)).error(Errors.INVALID_USER_CREDENTIALS);
        assertThat(count(SmsMetrics.CODES_CHECKED, purpose, "result", "wrong")).isEqualTo(2);
        assertThat(logins.reached()).as("strangers never fill the bound the user's logins rely on").isEqualTo(!purpose.proofless());

        Answer none = request(purpose, CodePage.CODE_FIELD, code());
        assertThat(none.kind()).as("the right code after the attempts: void").isNotEqualTo(Answer.Kind.SUCCESS);
    }

    @ParameterizedTest
    @EnumSource(Purpose.class)
    @DisplayName("expired: 'code expired' at the field, event expired_code, checked{expired}")
    void expired(Purpose purpose) {
        first(purpose);
        clock.advance(301);
        assertThat(request(purpose, CodePage.CODE_FIELD, code()).kind()).isEqualTo(Answer.Kind.FORCE);
        verifyFieldError(MessageKeys.CODE_EXPIRED);
        verify(event).error(Errors.EXPIRED_CODE);
        assertThat(count(SmsMetrics.CODES_CHECKED, purpose, "result", "expired")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Purpose.class)
    @DisplayName("locked by brute-force detection: no SMS, refused{limit=brute_force}; 'too many codes' where a proof came first, "
        + "the same code page where none did")
    void locked(Purpose purpose) {
        when(realm.isBruteForceProtected()).thenReturn(true);
        when(protector.isTemporarilyDisabled(session, realm, user)).thenReturn(true);
        first(purpose);
        assertThat(sms).isEmpty();
        assertThat(count(SmsMetrics.REFUSED, purpose, "limit", "brute_force")).isEqualTo(1);
        if (purpose.proofless()) {
            assertThat(model().isCodeActive()).as("a decoy code: the page of a sent SMS").isTrue();
        } else {
            verifyError(MessageKeys.LIMIT_REACHED);
        }
    }

    @ParameterizedTest
    @EnumSource(Purpose.class)
    @DisplayName("accepted: a success answer, checked{right}, no event error; a registered number becomes the user's, "
        + "phone sign-in names its holder; the code to the current number opens the number page of its registration")
    void accepted(Purpose purpose) {
        first(purpose);
        keycloak.clearAttributes();
        Answer answer = request(purpose, CodePage.CODE_FIELD, code());
        if (purpose.then() != null) {
            assertThat(answer.kind()).isEqualTo(Answer.Kind.CHALLENGE);
            assertThat(keycloak.attribute("sipgateSmsRegister")).as("the number page of %s", purpose.then()).isNotNull();
        } else {
            assertThat(answer.kind()).isEqualTo(Answer.Kind.SUCCESS);
            assertThat(answer.user()).isSameAs(user);
        }
        verify(event, never()).error(anyString());
        assertThat(count(SmsMetrics.CODES_CHECKED, purpose, "result", "right")).isEqualTo(1);
        if (purpose.registers()) {
            assertThat(UserNumber.registered(user)).as("the proven number is the user's").contains(NUMBER);
        }
        assertThat(request(purpose, CodePage.CODE_FIELD, code()).kind()).as("single use").isNotEqualTo(Answer.Kind.SUCCESS);
    }

    @ParameterizedTest
    @EnumSource(Purpose.class)
    @DisplayName("the passkey offer (passkeyNudgeDays 30, both actions enabled, no passkey) joins the login only after a login's "
        + "typed code: never after a reset, phone sign-in or the registration")
    void passkeyOfferOnlyAfterALogin(Purpose purpose) {
        policy.put("passkeyNudgeDays", "30");
        for (String action : List.of(PasskeyNudge.ACTION, PasskeyNudge.PASSKEY_ACTION)) {
            RequiredActionProviderModel model = new RequiredActionProviderModel();
            model.setAlias(action);
            model.setEnabled(true);
            when(realm.getRequiredActionProviderByAlias(action)).thenReturn(model);
        }
        when(user.credentialManager().getStoredCredentialsByTypeStream(WebAuthnCredentialModel.TYPE_PASSWORDLESS))
            .thenAnswer(call -> Stream.empty());
        first(purpose);
        request(purpose, CodePage.CODE_FIELD, code());
        verify(authSession, purpose == Purpose.LOGIN ? times(1) : never()).addRequiredAction(PasskeyNudge.ACTION);
    }

    static Stream<Purpose> proofless() {
        return Arrays.stream(Purpose.values()).filter(Purpose::proofless);
    }

    @ParameterizedTest
    @MethodSource("proofless")
    @DisplayName("where no proof came first, a right guess of the code that went to nobody (a disabled account) is a wrong code")
    void decoyGuessRefused(Purpose purpose) {
        when(user.isEnabled()).thenReturn(false);
        first(purpose);
        assertThat(sms).as("no SMS for a disabled account").isEmpty();
        new CodeStore(authSession).issueDecoy("424242", Time.currentTime());
        assertThat(request(purpose, CodePage.CODE_FIELD, "424242").kind()).isEqualTo(Answer.Kind.FAILURE);
        verifyFieldError(MessageKeys.CODE_INVALID);
    }

    /** What DESIGN.md's purpose table says of each purpose (text, bucket, anyone-can-ask, what the page shows, tag). */
    private record Decisions(String textKey, Bucket bucket, boolean proofless, Purpose.Shows shows, String tag) {
    }

    private static final Map<Purpose, Decisions> DESIGN = Map.of(
        Purpose.LOGIN, new Decisions("sipgate-sms-text", Bucket.LOGIN, false, Purpose.Shows.MASKED_NUMBER, "login"),
        Purpose.REGISTRATION, new Decisions("sipgate-sms-text-registration", Bucket.REGISTRATION, false, Purpose.Shows.MASKED_NUMBER,
            "registration"),
        Purpose.RESET, new Decisions("sipgate-sms-text-reset", Bucket.LOGIN, false, Purpose.Shows.MASKED_NUMBER, "reset"),
        Purpose.RESET_BY_SMS, new Decisions("sipgate-sms-text-reset", Bucket.PROOFLESS, true, Purpose.Shows.NOTHING, "reset"),
        Purpose.SIGN_IN, new Decisions("sipgate-sms-text-sign-in", Bucket.PROOFLESS, true, Purpose.Shows.TYPED_NUMBER, "sign_in"),
        Purpose.NUMBER_CHANGE, new Decisions("sipgate-sms-text-number-change", Bucket.LOGIN, false, Purpose.Shows.MASKED_NUMBER,
            "number_change"));

    @ParameterizedTest
    @EnumSource(Purpose.class)
    @DisplayName("a store that accepts a second putIfAbsent of one key (SECURITY.md 44): no SMS, 'could not be sent', one ERROR "
        + "naming the versions, sent{outcome=store_unsound}, event error sipgate_sms_store_unsound")
    void unsoundStore(Purpose purpose) {
        // what CVE-2026-90997's store does: every putIfAbsent reports success, also for a key that exists
        doReturn(true).when(store).putIfAbsent(anyString(), anyLong());
        List<LogRecord> errors = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord logRecord) {
                if (logRecord.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    errors.add(logRecord);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(StoreGuarantee.class.getName());
        log.addHandler(handler);
        try {
            first(purpose);
            verify(keycloak.form).setError(MessageKeys.SEND_FAILED);
            request(purpose, CodePage.RESEND_FIELD, "true");
        } finally {
            log.removeHandler(handler);
        }
        assertThat(sms).as("no SMS").isEmpty();
        assertThat(model().isCodeActive()).as("no code to type").isFalse();
        verify(keycloak.form, times(2)).setError(MessageKeys.SEND_FAILED);
        assertThat(count(SmsMetrics.SENT, purpose, "outcome", "store_unsound")).isEqualTo(2);
        assertThat(count(SmsMetrics.SENT, purpose, "outcome", "sent")).isZero();
        verify(event, times(2)).error("sipgate_sms_store_unsound");
        assertThat(errors).as("one ERROR per node, not one per login").singleElement()
            .satisfies(line -> assertThat(line.getMessage() + Arrays.toString(line.getParameters()))
                .contains("accepted a second putIfAbsent").contains("26.7.4").contains("docs/versions.md"));
    }

    @ParameterizedTest
    @EnumSource(Purpose.class)
    @DisplayName("each purpose decides what DESIGN.md's table says: its text, whose buckets it spends, whether anyone can ask, "
        + "what the page shows, its tag (a new constant must be stated here)")
    void decisionsAsDesigned(Purpose purpose) {
        assertThat(DESIGN).as("the decisions of %s, stated in this test's table", purpose).containsKey(purpose);
        Decisions design = DESIGN.get(purpose);
        assertThat(new Decisions(purpose.textKey(), purpose.bucket(), purpose.proofless(), purpose.shows(), purpose.tag()))
            .isEqualTo(design);
    }
}
