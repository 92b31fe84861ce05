package io.github.sipgatesms.keycloak.login;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderFactory;

/**
 * Tells the administrator, once per execution and node at its first use, that a {@code sipgate-sms} execution runs
 * where no earlier step of the login checked a credential, or in a password reset ({@link EarlierProof}): what the step
 * will not do there, and how to change it. Only log bookkeeping lives here; nothing decides a login.
 */
public final class ProoflessFlows {

    private static final Logger LOG = Logger.getLogger(ProoflessFlows.class);
    /** Enough for every execution of a large installation; beyond it the WARN may repeat, nothing else changes. */
    private static final int MAX_REMEMBERED = 10_000;

    private final Set<String> named = ConcurrentHashMap.newKeySet();

    /** Logs the WARN the first time this execution runs without an earlier proof on this node; true when it did. */
    public boolean firstUse(AuthenticationFlowContext context, EarlierProof proof) {
        if (proof.allowsRegistration() || context.getExecution() == null) {
            return false;
        }
        if (named.size() > MAX_REMEMBERED) {
            named.clear();
        }
        if (!named.add(context.getExecution().getId())) {
            return false;
        }
        String flow = flowName(context);
        if (proof.proofless()) {
            LOG.warnf("sipgate-sms: the SMS step runs in the password reset flow '%s' of realm '%s' with no proof before it (no 'Send "
                + "Reset Email'). It answers every account alike: unknown, disabled, locked and accounts without a usable number get the "
                + "same page as the others and no SMS; code requests count against maxSmsPerAddressPerHour. Users without a usable number "
                + "cannot reset their password here; put 'Send Reset Email' before the step to require the mailbox as well.%s%s",
                flow, context.getRealm().getName(), underCondition(context), userStepsBefore(context));
        } else if (proof.reset()) {
            LOG.warnf("sipgate-sms: the SMS step runs in the password reset flow '%s' of realm '%s'. There it never offers the number "
                + "registration and never skips the SMS on a trusted browser: users without a usable number get the 'no number' page.",
                flow, context.getRealm().getName());
        } else {
            LOG.warnf("sipgate-sms: no step before the SMS step of flow '%s' in realm '%s' checked a credential in this login (a "
                + "Username Form or Choose User names a user, it does not prove who is there). Here the step does not offer the "
                + "number registration (users without a number get the 'no number' page) and does not skip the SMS on a trusted "
                + "browser. Put a password, passkey or OTP step before it where users should register a number or trust a browser.",
                flow, context.getRealm().getName());
        }
        return true;
    }

    /**
     * Where the proof-less step sits in a CONDITIONAL sub-flow, the sentence that says so: a condition cannot turn it off
     * for accounts without a number there (SECURITY.md 40), so it runs for every account.
     */
    private static String underCondition(AuthenticationFlowContext context) {
        RealmModel realm = context.getRealm();
        AuthenticationExecutionModel parent = realm.getAuthenticationExecutionByFlowId(context.getExecution().getParentFlow());
        if (parent == null || !parent.isConditional()) {
            return "";
        }
        AuthenticationFlowModel sub = realm.getAuthenticationFlowById(context.getExecution().getParentFlow());
        return String.format(" The step sits in the conditional sub-flow '%s': where nothing proved who is there it runs for every account "
            + "whatever the condition says, so a username alone never reaches 'Reset Password'; make the step REQUIRED in the reset "
            + "flow itself to say what happens.", sub == null ? "?" : sub.getAlias());
    }

    /**
     * Where steps that need a user run before the proof-less step in its flow (e.g. 'Reset Password' when the step was
     * appended at the end), the sentence that names them: an unknown username meets their error before the step while a
     * known one reaches it, which tells strangers which accounts exist.
     */
    static String userStepsBefore(AuthenticationFlowContext context) {
        List<String> before = new ArrayList<>();
        AuthenticationExecutionModel step = context.getExecution();
        context.getRealm().getAuthenticationExecutionsStream(step.getParentFlow())
            .filter(e -> e.getPriority() < step.getPriority() && !e.isDisabled() && !e.isAuthenticatorFlow() && e.getAuthenticator() != null)
            .forEach(e -> {
                ProviderFactory<Authenticator> factory = context.getSession().getKeycloakSessionFactory()
                    .getProviderFactory(Authenticator.class, e.getAuthenticator());
                if (factory instanceof AuthenticatorFactory named && named.create(context.getSession()).requiresUser()) {
                    before.add(named.getDisplayType());
                }
            });
        if (before.isEmpty()) {
            return "";
        }
        return String.format(" Steps that need a user run before it: %s. An unknown username meets their error there while a known "
            + "one reaches the SMS step, which tells strangers which accounts exist: move the SMS step right below 'Choose User' "
            + "(docs/flow.md).", String.join(", ", before));
    }

    /** The alias of the flow being run, for the log (also in the WARN of a refused number). */
    public static String flowName(AuthenticationFlowContext context) {
        AuthenticationFlowModel top = context.getTopLevelFlow();
        return top == null ? "?" : top.getAlias();
    }
}
