package io.github.sipgatesms.keycloak;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * SPI entry point of phone sign-in ({@value #PROVIDER_ID}, {@link PhoneSignIn}): the first step of a browser flow.
 * Its settings are the realm SMS policy and its sending is the node's one ({@link SmsAuthenticatorFactory#from}).
 */
public final class PhoneSignInFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "sipgate-sms-phone-login";

    private static final Requirement[] REQUIREMENTS = {Requirement.REQUIRED, Requirement.ALTERNATIVE, Requirement.DISABLED};

    @Override
    public Authenticator create(KeycloakSession session) {
        return new PhoneSignIn(SmsAuthenticatorFactory.from(session.getKeycloakSessionFactory()).codes());
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Phone number and SMS code (sipgate)";
    }

    @Override
    public String getHelpText() {
        return "Signs a user in with their mobile number and a code sent to it by SMS through sipgate.io. Put it first in a "
            + "browser flow, as an alternative to Username Password Form; an SMS code alone is one factor, so add a password or "
            + "passkey step after it where the client needs two. Unknown numbers get the same pages and no SMS. Its settings "
            + "are the realm's: Realm settings -> SMS (sipgate).";
    }

    /** {@code otp}, as the SMS step: wrong codes count in Keycloak's brute-force detection. */
    @Override
    public String getReferenceCategory() {
        return OTPCredentialModel.TYPE;
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return REQUIREMENTS.clone();
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    /** None: the settings are the realm SMS policy. */
    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public void init(Config.Scope config) {
        // the options are the SMS step's (SmsAuthenticatorFactory)
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // wired per request from the SMS step's factory
    }

    @Override
    public void close() {
        // nothing held
    }
}
