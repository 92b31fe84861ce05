package io.github.sipgatesms.keycloak.credential;

import java.util.Optional;
import java.util.Set;

import org.keycloak.models.UserModel;

import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * Which number a user's SMS codes go to, one rule for the step, {@code configuredFor} and the registration: the
 * number the user registered and proved (credential {@value SmsCredentialModel#TYPE}), otherwise the value of the
 * resolved {@code phoneAttribute} (an administrator-provisioned number, e.g. synced from LDAP).
 */
public final class UserNumber {

    private UserNumber() {
    }

    /** The number codes go to, checked (mobile, allowed region) with the settings. */
    public static PhoneNumbers.Check check(UserModel user, SmsConfig config) {
        return PhoneNumbers.check(raw(user, config), config.defaultRegion(), config.allowedRegions());
    }

    /**
     * Whether the user has a number for the step, usable or not: a registered one, or any value in the phone attribute.
     * A present but unusable value still counts, so a password alone never leads to registering a number over it.
     */
    public static boolean configured(UserModel user, SmsConfig config) {
        String raw = raw(user, config);
        return raw != null && !raw.isBlank();
    }

    /** Whether the number codes go to is the administrator's (the attribute), not one the user registered. */
    public static boolean provisioned(UserModel user) {
        return registered(user).isEmpty();
    }

    /** The number the user registered and proved, if any (the newest registration). */
    public static Optional<String> registered(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(SmsCredentialModel.TYPE)
            .map(SmsCredentialModel::from)
            .filter(credential -> !credential.isProvisioned())
            .reduce((older, newer) -> newer)
            .map(SmsCredentialModel::phoneNumber);
    }

    /**
     * The administrator's number that a right code last went to (the provisioned credential), while the user registered
     * none; empty when no code reached the attribute's number yet.
     */
    public static Optional<String> lastProvenProvisioned(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(SmsCredentialModel.TYPE)
            .map(SmsCredentialModel::from)
            .filter(SmsCredentialModel::isProvisioned)
            .reduce((older, newer) -> newer)
            .map(SmsCredentialModel::phoneNumber);
    }

    /**
     * Whether {@code e164}, the phone attribute's number, replaced one a right code had reached (a directory sync, a user
     * who may edit the attribute): never proven, it is treated like a number being registered until a code reaches it.
     */
    public static boolean changedSinceProven(UserModel user, String e164) {
        return provisioned(user) && lastProvenProvisioned(user).filter(proven -> !proven.equals(e164)).isPresent();
    }

    /** Whether a right code of this user ever reached {@code e164}: their registered number, or the attribute's last proven one. */
    public static boolean proven(UserModel user, String e164) {
        return e164 != null && (registered(user).filter(e164::equals).isPresent() || lastProvenProvisioned(user).filter(e164::equals).isPresent());
    }

    /** The number codes go to now, as E.164 where it parses, else as stored; null when there is none. */
    public static String current(UserModel user, SmsConfig config) {
        String raw = raw(user, config);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        PhoneNumbers.Check anyRegion = PhoneNumbers.check(raw, config.defaultRegion(), Set.of());
        return anyRegion.usable() ? anyRegion.e164() : raw.trim();
    }

    private static String raw(UserModel user, SmsConfig config) {
        return registered(user).orElseGet(() -> user.getFirstAttribute(config.phoneAttribute()));
    }
}
