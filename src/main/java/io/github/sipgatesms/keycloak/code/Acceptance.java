package io.github.sipgatesms.keycloak.code;

import java.util.function.Predicate;

import org.keycloak.models.UserModel;

import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.credential.PhoneIndex;
import io.github.sipgatesms.keycloak.credential.SmsCredentialProvider;
import io.github.sipgatesms.keycloak.credential.UserNumber;
import io.github.sipgatesms.keycloak.passkey.PasskeyNudge;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * What a right code proves, written once for every purpose: possession of exactly the number the code went to (never a
 * number that masks alike, SECURITY.md 35). A typed number must have got the code, and where nothing proved who is there
 * its holder must still be enabled and still hold it; then the number is registered, or the login records it (and what
 * may follow a login's code: a trusted browser, the passkey offer).
 */
final class Acceptance {

    private final Request request;
    private final UserModel user;
    private final SmsConfig config;
    private final CodeStore store;
    private final NumberEntry numbers;
    private final CheckOutcomes outcomes;
    private final Purpose purpose;
    private final int trustDays;
    private final Predicate<String> firstTime;

    /** {@code firstTime}: whether the node names a WARN's key for the first time (its log bookkeeping). */
    Acceptance(Parts parts, Predicate<String> firstTime) {
        this.request = parts.request();
        this.user = parts.user();
        this.config = parts.config();
        this.store = parts.store();
        this.numbers = parts.numbers();
        this.outcomes = parts.checks();
        this.purpose = parts.purpose();
        this.trustDays = parts.trustDays();
        this.firstTime = firstTime;
    }

    /** Whether the right code proves what the purpose needs (a login's code went to the user's number by construction). */
    boolean proves() {
        String typed = numbers.pending();
        if (typed == null) {
            // the change of a number: the code went to the current number, not one that took its place since
            return purpose.then() == null || store.wentTo(UserNumber.current(user, config));
        }
        return store.wentTo(typed) && (!purpose.proofless() || user != null && user.isEnabled() && PhoneIndex.holds(user, typed, config));
    }

    /** Records the right code: a registered number becomes the user's, a login's trusts the browser if asked. */
    Answer accept() {
        if (purpose.registers()) {
            register(numbers.pending());
            return Answer.success(user);
        }
        PhoneNumbers.Check phone = UserNumber.check(user, config);
        String proven = phone.usable() && store.wentTo(phone.e164()) ? phone.e164() : null;
        if (proven != null && UserNumber.provisioned(user)) {
            // an administrator's number is shown under "Signing in" from now on; a replaced one is e-mailed
            PhoneChangeNotice.adoptProvisioned(request.session(), request.realm(), user, outcomes, proven);
        }
        PhoneIndex.refresh(user, config);
        if (proven != null) {
            HolderProof.record(request, purpose, proven);
        }
        outcomes.accepted(store.maskedPhone(), store.sends().sentCount());
        TrustedBrowserStep.rememberIfAsked(request, user, trustDays, outcomes, proven);
        if (purpose.followUps()) {
            // a typed code of a login (a trusted browser's skip never gets here): the way on to passkeys, where due
            PasskeyNudge.offerIfDue(request.realm(), user, request.authSession(), config.passkeyNudgeDays(), firstTime);
        }
        return Answer.success(user);
    }

    /** Stores the proved number as the user's only sipgate-sms credential; a change of the number codes go to is e-mailed. */
    private void register(String e164) {
        String before = UserNumber.current(user, config);
        SmsCredentialProvider.register(user, e164);
        numbers.clear();
        HolderProof.used(request);
        String masked = PhoneNumbers.mask(e164);
        boolean changed = before != null && !before.equals(e164);
        outcomes.numberBound(masked, changed);
        if (changed) {
            PhoneChangeNotice.send(request.session(), request.realm(), user, masked);
        }
    }
}
