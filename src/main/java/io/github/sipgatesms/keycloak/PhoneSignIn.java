package io.github.sipgatesms.keycloak;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.github.sipgatesms.keycloak.code.Codes;

/**
 * Phone sign-in ({@code sipgate-sms-phone-login}, docs/phone-sign-in.md): the first step of a login. Page 1 asks for the
 * number ({@code phone}), page 2 is the code page; a right code of an SMS that went to the number, while its one enabled
 * holder still holds it, sets the user. Nothing before proved who is there, so every number gets the same pages and
 * answers (the exchange's purpose {@code SIGN_IN}); a trusted browser never skips this code, the login's only proof.
 */
final class PhoneSignIn implements Authenticator {

    private final Codes codes;

    PhoneSignIn(Codes codes) {
        this.codes = codes;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        SmsAuthenticator.answer(context, codes.signIn(context).start());
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        SmsAuthenticator.answer(context, codes.signIn(context).act());
    }

    /** False: the step finds the user; nothing before it needs to. */
    @Override
    public boolean requiresUser() {
        return false;
    }

    /** Not asked where no user is required. */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // a sign-in by number never sets up a number
    }

    @Override
    public void close() {
        // nothing held per request
    }
}
