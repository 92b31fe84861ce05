package io.github.sipgatesms.keycloak.code;

import java.util.Locale;

import org.jboss.logging.Logger;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.github.sipgatesms.keycloak.credential.SmsCredentialModel;
import io.github.sipgatesms.keycloak.limits.FailureBound;
import io.github.sipgatesms.keycloak.metrics.SmsMetrics;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * What happened to the numbers and entered codes of one code exchange, recorded once (as {@link Outcomes} for its SMS):
 * the log line, the event details and the metric of each outcome. Masked numbers only.
 */
final class CheckOutcomes {

    private static final Logger LOG = Logger.getLogger(CheckOutcomes.class);

    private final SmsMetrics metrics;
    private final RealmModel realm;
    private final UserModel user;
    private final EventBuilder event;
    private final Purpose purpose;

    CheckOutcomes(SmsMetrics metrics, RealmModel realm, UserModel user, EventBuilder event, Purpose purpose) {
        this.metrics = metrics;
        this.realm = realm;
        this.user = user;
        this.event = event;
        this.purpose = purpose;
    }

    /**
     * No SMS because of the number: none, or one that cannot get codes. {@code advice} is the administrator's WARN (a
     * login); null for a number the user typed (the registration: DEBUG only). {@code withheld}: the registration was
     * not offered to a user without a number.
     */
    void numberRefused(PhoneNumbers.Check phone, String advice, boolean withheld) {
        if (advice != null) {
            LOG.warn(advice);
        } else {
            LOG.debugf("sipgate-sms: user '%s' entered a number that cannot get codes (%s, type %s, region %s)",
                user.getId(), phone.problem(), phone.type(), phone.region());
        }
        event.user(user);
        if (phone.problem() == PhoneNumbers.Problem.MISSING) {
            metrics.refused(realm, purpose.tag(), SmsEvents.OUTCOME_NO_PHONE);
            if (withheld) {
                event.detail(SmsEvents.REGISTRATION, SmsEvents.REGISTRATION_WITHHELD);
            }
            event.detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_NO_PHONE).error(SmsEvents.ERROR_NO_PHONE);
            return;
        }
        metrics.refused(realm, purpose.tag(), SmsEvents.OUTCOME_INVALID_NUMBER);
        event.detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_INVALID_NUMBER)
            .detail(SmsEvents.NUMBER_PROBLEM, phone.problem().name().toLowerCase(Locale.ROOT))
            .detail(SmsEvents.NUMBER_TYPE, phone.type() == null ? "unknown" : phone.type().toLowerCase(Locale.ROOT))
            .error(SmsEvents.ERROR_INVALID_NUMBER);
    }

    /** An entered code was checked; {@code bruteForceError} is Keycloak's event error of a locked user. */
    void checked(CheckResult result, String bruteForceError) {
        if (result.metric() != null) {
            metrics.checked(realm, purpose.tag(), result.metric());
        }
        switch (result) {
            case LOCKED -> event.user(user).error(bruteForceError);
            case BOUND_REACHED -> {
                LOG.warnf("sipgate-sms: user '%s' in realm '%s' reached %d consecutive wrong codes; codes are refused for 24 hours "
                    + "after the last one. To lift it once the user is verified: DELETE /admin/realms/%s/sipgate-sms/wrong-code-bound/users/%s "
                    + "(manage-users), or Keycloak's unlock of the user when brute-force detection is on.",
                    user.getId(), realm.getName(), FailureBound.MAX_CONSECUTIVE_FAILURES, realm.getName(), user.getId());
                event.user(user).detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_FAILURE_BOUND).error(SmsEvents.ERROR_FAILURE_BOUND);
            }
            case WRONG, WRONG_AND_VOID -> event.user(user).error(Errors.INVALID_USER_CREDENTIALS);
            case EXPIRED -> event.user(user).error(Errors.EXPIRED_CODE);
            case OUTDATED -> event.user(user).error(SmsEvents.ERROR_OUTDATED_CODE);
            default -> {
                // right, nothing entered, no code: the caller's success or page says it
            }
        }
    }

    /** A right code: the LOGIN event names the masked number and the SMS this login sent. */
    void accepted(String masked, long sentCount) {
        event.detail(SmsEvents.PHONE, masked).detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_SENT)
            .detail(SmsEvents.SENT, Long.toString(sentCount));
    }

    /** A number proven by a code is now the user's (the registration): the event names it masked; a change is e-mailed. */
    void numberBound(String masked, boolean changed) {
        LOG.debugf("sipgate-sms: user '%s' %s the number %s", user.getId(), changed ? "changed to" : "registered", masked);
        event.detail(SmsEvents.PHONE, masked).detail("credential_type", SmsCredentialModel.TYPE);
    }

    /** A right code reached an attribute number that replaced a proven one: an INFO line, the previous number on the event. */
    void numberChanged(String previousMasked, String masked) {
        LOG.infof("sipgate-sms: user '%s' proved the number in the phone attribute (%s), which replaced %s; the user is e-mailed",
            user.getId(), masked, previousMasked);
        event.detail(SmsEvents.PREVIOUS_PHONE, previousMasked);
    }

    /**
     * The phone attribute holds a number other than the one a code last reached (a directory sync, an identity provider's
     * mapper, an editable profile): no SMS goes to it (SECURITY.md 39); the WARN says how an administrator confirms it.
     */
    void numberUnconfirmed(String previousMasked, String masked) {
        LOG.warnf("sipgate-sms: the phone attribute of user '%s' in realm '%s' holds %s, not %s to which the last code went; no SMS "
            + "goes to it until an administrator confirms it: Users -> the user -> Credentials -> delete the 'sipgate-sms' "
            + "credential (the next login then proves the attribute's number), or restore the previous number.",
            user.getId(), realm.getName(), masked, previousMasked);
        metrics.refused(realm, purpose.tag(), SmsEvents.OUTCOME_NUMBER_UNCONFIRMED);
        event.user(user).detail(SmsEvents.PREVIOUS_PHONE, previousMasked).detail(SmsEvents.PHONE, masked)
            .detail(SmsEvents.OUTCOME, SmsEvents.OUTCOME_NUMBER_UNCONFIRMED).error(SmsEvents.ERROR_NUMBER_UNCONFIRMED);
    }

    /** A trusted browser passed the step: no SMS, one saved. */
    void trustedLogin(String masked) {
        LOG.debugf("sipgate-sms: user '%s' passed the SMS step on a trusted browser (%s), no SMS", user.getId(), masked);
        metrics.trustedLogin(realm);
        event.detail(SmsEvents.PHONE, masked).detail(SmsEvents.SENT, "0").detail(SmsEvents.TRUSTED_BROWSER, "used");
    }

    /**
     * What the user chose on the code page: {@code forgotten}, every browser they trusted before is void; {@code remembered},
     * this browser is now trusted (a cookie was set).
     */
    void trustChosen(boolean forgotten, boolean remembered) {
        if (forgotten) {
            LOG.debugf("sipgate-sms: user '%s' voided their trusted browsers from the code page", user.getId());
        }
        if (forgotten || remembered) {
            event.detail(SmsEvents.TRUSTED_BROWSER, forgotten && remembered ? "forgotten,remembered" : forgotten ? "forgotten" : "remembered");
        }
    }
}
