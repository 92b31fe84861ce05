package io.github.sipgatesms.keycloak;

import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;

import io.github.sipgatesms.keycloak.metrics.SmsMetrics;
import io.github.sipgatesms.keycloak.passkey.PasskeyNudge;

/**
 * Required action {@code sipgate-sms-passkey-nudge}: one page after an SMS login, "Sign in faster next time with a
 * passkey", with the submit buttons {@code add} (Keycloak's passkey registration comes next), {@code later} and
 * {@code never}. The step adds it to the login where it is due ({@link PasskeyNudge}); each showing and each answer is
 * counted ({@code sipgate_sms_passkey_nudges_total{answer}}).
 */
final class PasskeyNudgeAction implements RequiredActionProvider {

    static final String TEMPLATE = "sipgate-sms-passkey-nudge.ftl";

    private final SmsMetrics metrics;

    PasskeyNudgeAction(SmsMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        // an offer in a login that typed an SMS code, never an action an application asks for
        return InitiatedActionSupport.NOT_SUPPORTED;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        // added by the SMS step to the login's authentication session where it is due
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        metrics.passkeyNudge(context.getRealm(), "shown");
        context.challenge(context.form().createForm(TEMPLATE));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String answer = form.containsKey(PasskeyNudge.ADD) ? PasskeyNudge.ADD
            : form.containsKey(PasskeyNudge.NEVER) ? PasskeyNudge.NEVER : form.containsKey(PasskeyNudge.LATER) ? PasskeyNudge.LATER : null;
        if (answer == null) {
            context.challenge(context.form().createForm(TEMPLATE));
            return;
        }
        PasskeyNudge.answered(context.getUser(), context.getAuthenticationSession(), answer);
        metrics.passkeyNudge(context.getRealm(), answer);
        context.success();
    }

    @Override
    public void close() {
        // nothing held per request
    }
}
