package io.github.sipgatesms.keycloak.credential;

import java.util.List;

import org.keycloak.credential.CredentialMetadata;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The {@value SmsCredentialModel#TYPE} credential: listed in the account console's "Signing in" section (two-factor,
 * set up and replaced by the {@code sipgate-sms-register-phone} action) and in the admin console's credentials tab.
 * Users cannot remove it (SECURITY.md 38): Keycloak's removal asks no code to the number, only a login within the
 * maximum authentication age, which a trusted browser passes with the password; an administrator removes it.
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
    public CredentialMetadata getCredentialMetadata(SmsCredentialModel credential, CredentialTypeMetadata type) {
        CredentialMetadata metadata = new CredentialMetadata();
        metadata.setCredentialModel(credential.forPresentation());
        return metadata;
    }

    /** Makes a number the user just proved their only {@value SmsCredentialModel#TYPE} credential (and their {@link PhoneIndex} entry). */
    public static void register(UserModel user, String e164) {
        removeAll(user);
        user.credentialManager().createStoredCredential(SmsCredentialModel.create(e164));
        PhoneIndex.set(user, e164);
    }

    /**
     * Shows the administrator's number, to which a right code just went, under "Signing in". Writes only when the
     * shown number is missing or differs; never replaces a registered number.
     */
    public static void showProvisioned(UserModel user, String e164) {
        List<SmsCredentialModel> stored = user.credentialManager().getStoredCredentialsByTypeStream(SmsCredentialModel.TYPE)
            .map(SmsCredentialModel::from).toList();
        boolean current = stored.size() == 1 && stored.get(0).isProvisioned() && e164.equals(stored.get(0).phoneNumber());
        if (current || stored.stream().anyMatch(credential -> !credential.isProvisioned())) {
            return;
        }
        removeAll(user);
        user.credentialManager().createStoredCredential(SmsCredentialModel.createProvisioned(e164));
    }

    /**
     * Stores each of the user's numbers again under a new credential id (same number, label and date): whatever was
     * bound to the old id, such as trusted browsers, no longer matches. False when the user has no number stored.
     */
    public static boolean renew(UserModel user) {
        List<CredentialModel> stored = user.credentialManager().getStoredCredentialsByTypeStream(SmsCredentialModel.TYPE).toList();
        for (CredentialModel old : stored) {
            // no browser is trusted for the new id yet: the code page stops offering to forget them
            SmsCredentialModel copy = SmsCredentialModel.from(old).withBrowsersTrusted(false);
            copy.setId(null);
            // removed first: a user's credentials of one type must have distinct labels
            user.credentialManager().removeStoredCredentialById(old.getId());
            user.credentialManager().createStoredCredential(copy);
        }
        return !stored.isEmpty();
    }

    private static void removeAll(UserModel user) {
        List<String> ids = user.credentialManager().getStoredCredentialsByTypeStream(SmsCredentialModel.TYPE)
            .map(CredentialModel::getId).toList();
        ids.forEach(id -> user.credentialManager().removeStoredCredentialById(id));
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
            .removeable(false)
            .build(session);
    }
}
