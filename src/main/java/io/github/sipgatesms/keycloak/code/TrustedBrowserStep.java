package io.github.sipgatesms.keycloak.code;

import org.keycloak.models.UserModel;

import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.credential.SmsCredentialModel;
import io.github.sipgatesms.keycloak.credential.SmsCredentialProvider;
import io.github.sipgatesms.keycloak.credential.UserNumber;
import io.github.sipgatesms.keycloak.login.EarlierProof;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;
import io.github.sipgatesms.keycloak.trust.TrustCookie;

/**
 * "Don't ask again on this browser" ({@code trustBrowserDays}): whether this login may skip the SMS, and remembering the
 * browser after a right code with {@code trust} checked. The LOGIN event says which ({@value SmsEvents#TRUSTED_BROWSER}:
 * {@code used} or {@code remembered}); a skipped SMS is counted as saved. Only a purpose that lets a trusted browser
 * follow (the login), and only where the rule of {@link EarlierProof} allows it ({@link #offeredDays}).
 */
final class TrustedBrowserStep {

    private TrustedBrowserStep() {
    }

    /**
     * The days this login may trust the browser for: {@code trustBrowserDays}, or 0 where the purpose or the rule of
     * {@link EarlierProof} says no trust (no credential checked before the step, a reset, a re-authentication, a
     * step-up). Then the page offers no checkbox, no cookie is minted and an existing cookie skips nothing.
     */
    static int offeredDays(SmsConfig config, Purpose purpose, EarlierProof proof) {
        return config.trustBrowserDays() > 0 && purpose.followUps() && proof.allowsTrust() ? config.trustBrowserDays() : 0;
    }

    /**
     * Whether the page offers "ask again on every other browser I trusted": where it offers trust, to a user for whose
     * number a browser may have been trusted (not to one who trusted none, or forgot them all).
     */
    static boolean forgetOffered(UserModel user, int days) {
        return days > 0 && user != null && user.credentialManager().getStoredCredentialsByTypeStream(SmsCredentialModel.TYPE)
            .map(SmsCredentialModel::from).anyMatch(SmsCredentialModel::mayHaveTrustedBrowsers);
    }

    /** Whether the step passes without an SMS: this browser is trusted for the user and their number, and they are not locked. */
    static boolean skipsSms(Request request, UserModel user, SmsConfig config, Purpose purpose, int days, CheckOutcomes outcomes) {
        if (days <= 0) {
            return false;
        }
        PhoneNumbers.Check phone = UserNumber.check(user, config);
        if (!phone.usable() || !new TrustCookie(request.session(), request.realm()).trusts(user, phone.e164(), days)
            || CodeCheck.lockedOut(request.session(), request.realm(), user, purpose) != null) {
            // a locked user (Keycloak's brute-force detection, the bound of wrong codes) is never waved through
            return false;
        }
        outcomes.trustedLogin(PhoneNumbers.mask(phone.e164()));
        return true;
    }

    /**
     * After a right code to {@code e164}, where the page offered the checkboxes: first {@code forget} voids every browser
     * the user trusted before (a lost laptop, without another session to sign out; SECURITY.md 36), then {@code trust}
     * trusts this one.
     */
    static void rememberIfAsked(Request request, UserModel user, int days, CheckOutcomes outcomes, String e164) {
        if (days <= 0 || e164 == null) {
            return;
        }
        boolean forgotten = request.checked(CodePage.FORGET_FIELD) && SmsCredentialProvider.renew(user);
        boolean remembered = request.checked(CodePage.TRUST_FIELD)
            && new TrustCookie(request.session(), request.realm()).remember(user, e164, days);
        outcomes.trustChosen(forgotten, remembered);
    }
}
