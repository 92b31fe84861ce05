package io.github.sipgatesms.keycloak;

import org.keycloak.authentication.CredentialRegistrator;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.github.sipgatesms.keycloak.code.Answer;
import io.github.sipgatesms.keycloak.code.CodeExchange;
import io.github.sipgatesms.keycloak.code.Codes;
import io.github.sipgatesms.keycloak.credential.SmsCredentialModel;
import io.github.sipgatesms.keycloak.credential.SmsCredentialProvider;

/**
 * Required action {@code sipgate-sms-register-phone}: the user enters a number ({@code phone}), proves it with an SMS
 * code on the code page ({@code code}, {@code resend}, or {@code change} to correct the number), and only then is it
 * stored, as a {@code sipgate-sms} credential replacing any earlier one; a change is e-mailed (when the realm has SMTP).
 * Like the step it asks the request's code exchange (purpose {@code REGISTRATION}) and turns its answer into one call.
 */
final class RegisterPhoneAction implements RequiredActionProvider, CredentialRegistrator {

    private final Codes codes;

    RegisterPhoneAction(Codes codes) {
        this.codes = codes;
    }

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public String getCredentialType(KeycloakSession session, AuthenticationSessionModel authenticationSession) {
        return SmsCredentialModel.TYPE;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        // added by the login step (REQUIRED execution, user without a number), by an administrator, or kc_action
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        answer(context, exchange(context).start());
    }

    @Override
    public void processAction(RequiredActionContext context) {
        answer(context, exchange(context).act());
    }

    /**
     * One Keycloak call per answer. The one difference the two SPIs force: a required action has no failure challenge
     * (an authenticator-only method), so a wrong code here is an event error and counts for the bound of wrong codes,
     * not for Keycloak's brute-force detection.
     */
    private static void answer(RequiredActionContext context, Answer answer) {
        if (answer.kind() == Answer.Kind.SUCCESS) {
            context.success();
        } else {
            context.challenge(answer.page());
        }
    }

    private CodeExchange exchange(RequiredActionContext context) {
        return codes.registration(context, SmsCredentialProvider.REGISTER_ACTION);
    }

    @Override
    public void close() {
        // nothing held per request
    }
}
