package io.github.sipgatesms.keycloak.code;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.github.sipgatesms.keycloak.config.SettingsResolver;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.limits.StoreGuarantee;
import io.github.sipgatesms.keycloak.login.EarlierProof;
import io.github.sipgatesms.keycloak.login.KeycloakCondition;
import io.github.sipgatesms.keycloak.login.PhoneAttributeWarning;
import io.github.sipgatesms.keycloak.login.ProoflessFlows;
import io.github.sipgatesms.keycloak.metrics.SmsMetrics;
import io.github.sipgatesms.keycloak.sms.SmsSenders;

/**
 * The node's maker of code exchanges, made once by the step's factory: the settings resolution, the senders with the
 * node's send bound, the meters, the executor of SMS sent after the answer, and the first-use warnings about flow
 * layouts. Each SPI adapter asks it for the request's {@link CodeExchange}; the purpose comes from the running login.
 */
public final class Codes {

    private final SettingsResolver settings;
    private final Node node;
    private final ProoflessFlows prooflessFlows = new ProoflessFlows();
    private final PhoneAttributeWarning phoneAttributeWarning = new PhoneAttributeWarning();

    /** Work after the answer runs on Keycloak's executor, in a session and transaction of its own. */
    public Codes(SettingsResolver settings, SmsSenders senders, SmsMetrics metrics) {
        this(settings, senders, metrics, (session, job) -> {
            // read in the request's thread: Quarkus serves the request's session only there (a request-scoped bean)
            KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
            session.getProvider(ExecutorsProvider.class).getExecutor(AfterAnswer.EXECUTOR)
                .execute(() -> KeycloakModelUtils.runJobInTransaction(factory, job::accept));
        });
    }

    /** {@code later}: runs a job after the answer, given the request's session, in a session of its own (a test: its own way). */
    public Codes(SettingsResolver settings, SmsSenders senders, SmsMetrics metrics, BiConsumer<KeycloakSession, Consumer<KeycloakSession>> later) {
        this.settings = settings;
        this.node = new Node(senders, metrics, later, ConcurrentHashMap.newKeySet(), new StoreGuarantee());
    }

    /** The purpose of the SMS step in the running login ({@link Purpose#ofStep}). */
    public static Purpose stepPurpose(KeycloakSession session) {
        return Purpose.ofStep(EarlierProof.of(session, session.getContext().getAuthenticationSession()));
    }

    /** The SMS step's exchange: a login, or a reset with or without a proof before it. */
    public CodeExchange step(AuthenticationFlowContext context) {
        EarlierProof proof = EarlierProof.of(context.getSession(), context.getAuthenticationSession());
        Purpose purpose = Purpose.ofStep(proof);
        Request request = Request.of(context, proof, purpose.proofless());
        prooflessFlows.firstUse(context, request.proof());
        phoneAttributeWarning.firstUse(context.getSession(), context.getRealm(), settings.forRealm(context.getSession(), context.getRealm())
            .phoneAttribute());
        return new CodeExchange(node, request, purpose, settings.forStep(context));
    }

    /** Phone sign-in's exchange. */
    public CodeExchange signIn(AuthenticationFlowContext context) {
        EarlierProof proof = EarlierProof.of(context.getSession(), context.getAuthenticationSession());
        return new CodeExchange(node, Request.of(context, proof, false), Purpose.SIGN_IN, settings.forStep(context));
    }

    /**
     * The number registration's exchange: where the user has a number and nothing of this session proved it lately, a
     * code to that number comes first ({@link HolderProof}). An action config of an earlier release is named and ignored.
     */
    public CodeExchange registration(RequiredActionContext context, String actionId) {
        RealmModel realm = context.getRealm();
        if (context.getConfig() != null) {
            settings.ignored(realm, "the config of the required action '" + actionId + "'", context.getConfig().getConfig());
        }
        Request request = Request.of(context);
        SmsConfig config = settings.forRealm(context.getSession(), realm);
        Purpose purpose = HolderProof.needed(request, context.getUser(), config) ? Purpose.NUMBER_CHANGE : Purpose.REGISTRATION;
        return new CodeExchange(node, request, purpose, config);
    }

    /**
     * Whether the running login withholds the number registration from a user without a number (no credential checked
     * before the step, a reset): then the step shows "no number". A condition asking gets the plain answer.
     */
    public boolean withholdsRegistration(KeycloakSession session) {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        return authSession != null && !EarlierProof.of(session, authSession).allowsRegistration() && !KeycloakCondition.isAsking();
    }

    public SettingsResolver settings() {
        return settings;
    }

    public SmsSenders senders() {
        return node.senders();
    }

    /** The node's meters (the passkey offer counts its answers there). */
    public SmsMetrics metrics() {
        return node.metrics();
    }
}
