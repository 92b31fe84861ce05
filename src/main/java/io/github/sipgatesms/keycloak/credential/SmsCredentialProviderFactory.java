package io.github.sipgatesms.keycloak.credential;

import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

/** Registers the {@value SmsCredentialModel#TYPE} credential type. */
public final class SmsCredentialProviderFactory implements CredentialProviderFactory<SmsCredentialProvider> {

    @Override
    public String getId() {
        return SmsCredentialModel.TYPE;
    }

    @Override
    public SmsCredentialProvider create(KeycloakSession session) {
        return new SmsCredentialProvider(session);
    }
}
