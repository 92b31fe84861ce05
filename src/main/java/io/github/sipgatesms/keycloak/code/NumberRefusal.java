package io.github.sipgatesms.keycloak.code;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.github.sipgatesms.keycloak.config.SettingsResolver;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.login.EarlierProof;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * The administrator's side of a login that cannot get a code because of the user's number: the WARN saying what to do
 * (recorded with the event and metric by {@link CheckOutcomes}). The user's side is the code page's "no number" or
 * "number unusable".
 */
final class NumberRefusal {

    private NumberRefusal() {
    }

    /**
     * Records a login that cannot get a code because of the user's number ({@link CheckOutcomes#numberRefused}) with the
     * administrator's advice for the problem.
     */
    static void record(Request request, UserModel user, SmsConfig config, PhoneNumbers.Check phone, CheckOutcomes outcomes) {
        EarlierProof proof = request.proof();
        boolean withheld = phone.problem() == PhoneNumbers.Problem.MISSING && !proof.allowsRegistration();
        outcomes.numberRefused(phone, advice(user, config, phone, proof, request.flowAlias()), withheld);
    }

    static String advice(UserModel user, SmsConfig config, PhoneNumbers.Check phone, EarlierProof proof, String flow) {
        String attribute = config.phoneAttribute();
        return switch (phone.problem()) {
            case MISSING -> !proof.allowsRegistration()
                ? String.format("sipgate-sms: user '%s' has no phone number, and flow '%s' checks no credential before the SMS step%s: "
                    + "the number registration is not offered there (anyone who knows the username could bind their own phone). "
                    + "Give the user a number in attribute '%s', or let them register it in a login that checks a password, "
                    + "passkey or OTP first.", user.getId(), flow, proof.reset() ? " (a password reset)" : "", attribute)
                : String.format("sipgate-sms: user '%s' has no phone number in attribute '%s'; set one (declared in the user profile) "
                    + "or use another second factor for this user.", user.getId(), attribute);
            case INVALID -> String.format("sipgate-sms: user '%s' has a value in attribute '%s' that is not a valid phone number; "
                + "store a mobile number as +<country code><number>. No SMS sent.", user.getId(), attribute);
            case NOT_MOBILE -> String.format("sipgate-sms: user '%s' has a %s number of region %s in attribute '%s'; SMS codes go to "
                + "mobile numbers only. No SMS sent; the user cannot register another number over it: correct the attribute.",
                user.getId(), phone.type(), phone.region(), attribute);
            default -> String.format("sipgate-sms: user '%s' has a number of region %s, outside allowedRegions %s; no SMS sent.",
                user.getId(), phone.region(), config.allowedRegions());
        };
    }

    /** A typed mobile number of a region outside {@code allowedRegions} (named once per region and node). */
    static String regionAdvice(RealmModel realm, PhoneNumbers.Check phone) {
        return String.format("sipgate-sms: a mobile number of region %s was entered in realm '%s' and refused: the region is not in "
            + "allowedRegions. Add it (%s) only if users there should get codes: SMS pumping targets foreign ranges. Named once per "
            + "region and node.", phone.region(), realm.getName(), SettingsResolver.WHERE);
    }
}
