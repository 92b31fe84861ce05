package io.github.sipgatesms.keycloak;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

import io.github.sipgatesms.keycloak.passkey.PasskeyNudge;

/**
 * SPI entry point of the required action {@code sipgate-sms-passkey-nudge} (the passkey offer after an SMS login). Its
 * one setting, {@code passkeyNudgeDays}, is the realm SMS policy's; the meters are the step's.
 */
public final class PasskeyNudgeActionFactory implements RequiredActionFactory {

    private SmsAuthenticatorFactory step;

    @Override
    public String getId() {
        return PasskeyNudge.ACTION;
    }

    @Override
    public String getDisplayText() {
        return "Offer a passkey after an SMS login";
    }

    @Override
    public void init(Config.Scope config) {
        // passkeyNudgeDays is the realm SMS policy's (postInit: the step's wiring)
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        step = SmsAuthenticatorFactory.from(factory);
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new PasskeyNudgeAction(step.codes().metrics());
    }

    @Override
    public void close() {
        // the step's factory owns the meters
    }
}
