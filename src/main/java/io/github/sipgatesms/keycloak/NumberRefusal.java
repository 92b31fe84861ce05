package io.github.sipgatesms.keycloak;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.UserModel;

import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.limits.SendLimits;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * The administrator's side of a login that cannot get a code because of the user's number: a WARN saying what to do
 * and an event (with the metric of refusals). The user's side is the code page's "no number" or "number unusable".
 */
final class NumberRefusal {

    private static final Logger LOG = Logger.getLogger(NumberRefusal.class);

    private NumberRefusal() {
    }

    static void record(AuthenticationFlowContext context, SmsConfig config, PhoneNumbers.Check phone, EarlierProof proof) {
        UserModel user = context.getUser();
        String attribute = config.phoneAttribute();
        switch (phone.problem()) {
            case MISSING:
                if (!proof.allowsRegistration()) {
                    LOG.warnf("sipgate-sms: user '%s' has no phone number, and flow '%s' checks no credential before the SMS step%s: "
                        + "the number registration is not offered there (anyone who knows the username could bind their own phone). "
                        + "Give the user a number in attribute '%s', or let them register it in a login that checks a password, "
                        + "passkey or OTP first.", user.getId(), ProoflessFlows.flowName(context), proof.reset() ? " (a password reset)" : "",
                        attribute);
                    context.getEvent().detail(SmsEvents.REGISTRATION, SmsEvents.REGISTRATION_WITHHELD);
                } else {
                    LOG.warnf("sipgate-sms: user '%s' has no phone number in attribute '%s'; set one (declared in the user profile) "
                        + "or use another second factor for this user.", user.getId(), attribute);
                }
                SmsEvents.noPhone(context.getSession(), context.getRealm(), SendLimits.Purpose.LOGIN, context.getEvent().user(user));
                return;
            case INVALID:
                LOG.warnf("sipgate-sms: user '%s' has a value in attribute '%s' that is not a valid phone number; "
                    + "store a mobile number as +<country code><number>. No SMS sent.", user.getId(), attribute);
                break;
            case NOT_MOBILE:
                LOG.warnf("sipgate-sms: user '%s' has a %s number of region %s in attribute '%s'; SMS codes go to mobile numbers only. "
                    + "No SMS sent; the user cannot register another number over it: correct the attribute.",
                    user.getId(), phone.type(), phone.region(), attribute);
                break;
            case REGION_NOT_ALLOWED:
            default:
                LOG.warnf("sipgate-sms: user '%s' has a number of region %s, outside allowedRegions %s; no SMS sent.",
                    user.getId(), phone.region(), config.allowedRegions());
                break;
        }
        SmsEvents.invalidNumber(context.getSession(), context.getRealm(), SendLimits.Purpose.LOGIN, context.getEvent().user(user), phone);
    }
}
