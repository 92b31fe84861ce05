package io.github.sipgatesms.keycloak;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.UserModel;

import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.credential.SmsCredentialProvider;
import io.github.sipgatesms.keycloak.credential.UserNumber;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;
import io.github.sipgatesms.keycloak.trust.TrustCookie;

/**
 * The login step's side of "don't ask again on this browser" ({@code trustBrowserDays}): whether this login may skip
 * the SMS, and remembering the browser after a right code with {@code trust} checked. The LOGIN event says which
 * ({@value SmsEvents#TRUSTED_BROWSER}: {@code used} or {@code remembered}); a skipped SMS is counted as saved.
 * The number registration never asks here: proving a new number always takes a code. Where the login proved nothing
 * before the step, or is not a first authentication of the browser flow, neither happens ({@link #offeredDays}).
 */
final class TrustedBrowserStep {

    private TrustedBrowserStep() {
    }

    /**
     * The days this login may trust the browser for: {@code trustBrowserDays}, or 0 where the rule of {@link EarlierProof}
     * says no trust (no credential checked before the step, a reset, a re-authentication, a step-up). Then the page
     * offers no checkbox, no cookie is minted and an existing cookie skips nothing.
     */
    static int offeredDays(SmsConfig config, EarlierProof proof) {
        return config.trustBrowserDays() > 0 && proof.allowsTrust() ? config.trustBrowserDays() : 0;
    }

    /**
     * Passes the step without an SMS when this browser is trusted for the user and the number codes would go to, and the
     * user is not locked out.
     */
    static boolean skipsSms(AuthenticationFlowContext context, CodeExchange exchange, EarlierProof proof) {
        SmsConfig config = exchange.config();
        int days = offeredDays(config, proof);
        if (days <= 0) {
            return false;
        }
        UserModel user = context.getUser();
        PhoneNumbers.Check phone = UserNumber.check(user, config);
        if (!phone.usable() || !new TrustCookie(context.getSession(), context.getRealm()).trusts(user, phone.e164(), days)
            || CodeCheck.lockedOut(context.getSession(), context.getRealm(), user) != null) {
            // a locked user (Keycloak's brute-force detection, the bound of wrong codes) is never waved through
            return false;
        }
        exchange.outcomes().trustedLogin(PhoneNumbers.mask(phone.e164()));
        context.success();
        return true;
    }

    /**
     * After a right code to {@code e164}, where the page offered the checkboxes: first {@code forget} voids every browser
     * the user trusted before (a lost laptop, without another session to sign out; SECURITY.md 36), then {@code trust}
     * trusts this one.
     */
    static void rememberIfAsked(AuthenticationFlowContext context, CodeExchange exchange, EarlierProof proof, String e164) {
        int days = offeredDays(exchange.config(), proof);
        if (days <= 0 || e164 == null) {
            return;
        }
        boolean forgotten = checked(context, CodePage.FORGET_FIELD) && SmsCredentialProvider.renew(context.getUser());
        boolean remembered = checked(context, CodePage.TRUST_FIELD)
            && new TrustCookie(context.getSession(), context.getRealm()).remember(context.getUser(), e164, days);
        exchange.outcomes().trustChosen(forgotten, remembered);
    }

    private static boolean checked(AuthenticationFlowContext context, String field) {
        String value = context.getHttpRequest().getDecodedFormParameters().getFirst(field);
        return value != null && !value.isBlank();
    }
}
