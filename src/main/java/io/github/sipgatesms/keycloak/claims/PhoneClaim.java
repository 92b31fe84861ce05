package io.github.sipgatesms.keycloak.claims;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.keycloak.models.UserModel;
import org.keycloak.representations.IDToken;

import io.github.sipgatesms.keycloak.credential.SmsCredentialModel;
import io.github.sipgatesms.keycloak.credential.UserNumber;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * What {@code phone_number} and {@code phone_number_verified} say for one user, read (never written) from the
 * {@value SmsCredentialModel#TYPE} credentials and the phone attribute: a registered number is verified; the
 * attribute's number is verified while a provisioned credential (written when a right code went to it) holds the
 * same number; any other attribute value is not verified; no number, no claims.
 */
record PhoneClaim(String number, boolean verified) {

    static Optional<PhoneClaim> of(UserModel user, String phoneAttribute) {
        Optional<String> registered = UserNumber.registered(user);
        if (registered.isPresent()) {
            return Optional.of(new PhoneClaim(registered.get(), true));
        }
        String raw = user.getFirstAttribute(phoneAttribute);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        List<String> shown = user.credentialManager().getStoredCredentialsByTypeStream(SmsCredentialModel.TYPE)
            .map(SmsCredentialModel::from).filter(SmsCredentialModel::isProvisioned)
            .map(SmsCredentialModel::phoneNumber).filter(number -> number != null).toList();
        for (String proven : shown) {
            if (PhoneNumbers.e164(raw, regionOf(proven)).filter(proven::equals).isPresent()) {
                return Optional.of(new PhoneClaim(proven, true));
            }
        }
        String region = shown.isEmpty() ? null : regionOf(shown.get(shown.size() - 1));
        return Optional.of(new PhoneClaim(PhoneNumbers.e164(raw, region).orElse(raw.trim()), false));
    }

    private static String regionOf(String e164) {
        return PhoneNumbers.check(e164, null, Set.of()).region();
    }

    /**
     * Puts the claims where Keycloak's attribute mappers put theirs (the other claims), replacing theirs; with no
     * number removes both, also from the token's own fields, so no stale {@code phone_number_verified} stays.
     */
    static void apply(IDToken token, Optional<PhoneClaim> claim) {
        token.setPhoneNumber(null);
        token.setPhoneNumberVerified(null);
        token.getOtherClaims().remove(IDToken.PHONE_NUMBER);
        token.getOtherClaims().remove(IDToken.PHONE_NUMBER_VERIFIED);
        claim.ifPresent(phone -> {
            token.getOtherClaims().put(IDToken.PHONE_NUMBER, phone.number());
            token.getOtherClaims().put(IDToken.PHONE_NUMBER_VERIFIED, phone.verified());
        });
    }
}
