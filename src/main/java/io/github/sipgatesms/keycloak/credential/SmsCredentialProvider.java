package io.github.sipgatesms.keycloak.credential;

import java.util.Optional;

import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The {@value SmsCredentialModel#TYPE} credential: listed in the account console's "Signing in" section (two-factor,
 * set up by the {@code sipgate-sms-register-phone} action, removable) and in the admin console's credentials tab.
 */
public final class SmsCredentialProvider implements CredentialProvider<SmsCredentialModel> {

    public static final String REGISTER_ACTION = "sipgate-sms-register-phone";

    private final KeycloakSession session;

    SmsCredentialProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public String getType() {
        return SmsCredentialModel.TYPE;
    }

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, SmsCredentialModel credential) {
        return user.credentialManager().createStoredCredential(credential);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public SmsCredentialModel getCredentialFromModel(CredentialModel model) {
        return SmsCredentialModel.from(model);
    }

    /** The account console shows the credential with the masked number only (its label), not the number itself. */
    @Override
    public org.keycloak.credential.CredentialMetadata getCredentialMetadata(SmsCredentialModel credential, CredentialTypeMetadata type) {
        org.keycloak.credential.CredentialMetadata metadata = new org.keycloak.credential.CredentialMetadata();
        metadata.setCredentialModel(credential.forPresentation());
        return metadata;
    }

    /** The user's verified number (the newest registration), if any. */
    public static Optional<String> registeredNumber(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(SmsCredentialModel.TYPE)
            .map(SmsCredentialModel::from)
            .reduce((older, newer) -> newer)
            .map(SmsCredentialModel::phoneNumber);
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext metadataContext) {
        return CredentialTypeMetadata.builder()
            .type(getType())
            .category(CredentialTypeMetadata.Category.TWO_FACTOR)
            .displayName("sipgate-sms-display-name")
            .helpText("sipgate-sms-help-text")
            .iconCssClass("kcAuthenticatorDefaultClass")
            .createAction(REGISTER_ACTION)
            .removeable(true)
            .build(session);
    }
}
