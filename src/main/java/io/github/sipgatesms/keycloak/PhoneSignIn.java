package io.github.sipgatesms.keycloak;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.github.sipgatesms.keycloak.config.SettingsResolver;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.credential.PhoneIndex;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * Phone sign-in ({@code sipgate-sms-phone-login}, docs/phone-sign-in.md): the first step of a login. Page 1 asks for the
 * number ({@code phone}); page 2 is the code page, showing the number as typed. The number identifies the one enabled
 * user who holds it ({@link PhoneIndex}); a right code of an SMS that went to that number, while they still hold it,
 * sets the user. Nothing before proved who is there, so every number - unknown, shared, held by a disabled or locked
 * user - gets the same pages and answers, and an SMS only when it identifies someone, sent after the answer
 * ({@link CodeExchange#sendAlike}). Wrong codes of an identified user count in Keycloak's brute-force detection
 * ({@link BruteForceCount}); a trusted browser never skips this code, which is the login's only proof so far.
 */
final class PhoneSignIn implements Authenticator {

    /** Auth notes: the entered number (E.164), as typed (shown back), and its holder's id when there was one. */
    static final String NOTE_NUMBER = "sipgate-sms-signin-number";
    static final String NOTE_TYPED = "sipgate-sms-signin-typed";
    static final String NOTE_HOLDER = "sipgate-sms-signin-holder";
    /** The code page's "Use a different number" (as in the registration). */
    static final String CHANGE_FIELD = RegisterPhoneAction.CHANGE_FIELD;

    private final SettingsResolver settings;
    private final CodeDelivery delivery;

    PhoneSignIn(SettingsResolver settings, CodeDelivery delivery) {
        this.settings = settings;
        this.delivery = delivery;
    }

    /** Page 1; once a number was entered, the code page as it stands (re-entry never sends). */
    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (context.getAuthenticationSession().getAuthNote(NOTE_NUMBER) == null) {
            context.challenge(numberPage(context, settings.forStep(context), null, null));
            return;
        }
        CodeExchange exchange = exchange(context);
        if (RaceFreeLoginForm.cameFromAuthenticatorSelection(context)) {
            exchange.store().voidCode();
        }
        context.challenge(exchange.plain());
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (form.containsKey(CHANGE_FIELD)) {
            new CodeStore(authSession).voidCode();
            authSession.removeAuthNote(NOTE_NUMBER);
            context.challenge(numberPage(context, settings.forStep(context), null, null));
        } else if (form.containsKey(PhoneEntryPage.PHONE_FIELD)) {
            enter(context, form.getFirst(PhoneEntryPage.PHONE_FIELD));
        } else if (authSession.getAuthNote(NOTE_NUMBER) == null) {
            context.challenge(numberPage(context, settings.forStep(context), null, null));
        } else if (form.containsKey(CodePage.RESEND_FIELD)) {
            CodeExchange exchange = exchange(context);
            context.challenge(exchange.sendAlike(target(exchange, authSession.getAuthNote(NOTE_NUMBER)), true));
        } else {
            check(context, exchange(context), form.getFirst(CodePage.CODE_FIELD));
        }
    }

    /**
     * A number was entered: a malformed or non-mobile one is refused on page 1 (that depends on what was typed only);
     * any other gets the code page, and an SMS when it identifies its holder.
     */
    private void enter(AuthenticationFlowContext context, String raw) {
        SmsConfig config = settings.forStep(context);
        PhoneNumbers.Check number = PhoneNumbers.check(raw, config.defaultRegion(), config.allowedRegions());
        if (!number.usable()) {
            context.challenge(numberPage(context, config, raw, MessageKeys.PHONE_INVALID));
            return;
        }
        UserModel holder = PhoneIndex.holderOf(context.getSession(), context.getRealm(), number.e164(), config).user();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.setAuthNote(NOTE_NUMBER, number.e164());
        authSession.setAuthNote(NOTE_TYPED, raw.trim());
        if (holder == null) {
            authSession.removeAuthNote(NOTE_HOLDER);
        } else {
            authSession.setAuthNote(NOTE_HOLDER, holder.getId());
        }
        CodeExchange exchange = CodeExchange.signIn(context, config, holder, raw.trim(), delivery);
        exchange.store().voidCode();
        exchange.store().sends().markStarted();
        context.challenge(exchange.sendAlike(target(exchange, number.e164()), false));
    }

    /** A right code signs in the holder if the code went to the number they still hold; anything else is a wrong code. */
    private static void check(AuthenticationFlowContext context, CodeExchange exchange, String entered) {
        CodeCheck.Result result = exchange.checkAlike(entered);
        UserModel holder = exchange.user();
        String number = context.getAuthenticationSession().getAuthNote(NOTE_NUMBER);
        if (result == CodeCheck.Result.ACCEPTED && holder != null && holder.isEnabled() && PhoneIndex.holds(holder, number, exchange.config())
            && exchange.proven(number) != null) {
            exchange.acceptedAtLogin();
            context.setUser(holder);
            context.success(OTPCredentialModel.TYPE);
            return;
        }
        if (result == CodeCheck.Result.ACCEPTED) {
            // the number changed hands (or the holder was disabled) since the code went out: answered like a wrong code
            exchange.store().voidCode();
            result = CodeCheck.Result.WRONG_AND_VOID;
        }
        if (result.wrong()) {
            BruteForceCount.failed(context, holder);
        }
        SmsAuthenticator.refused(context, exchange, result);
    }

    /** The number an SMS may go to: the holder's usable number while it is still the one entered; else null (no SMS). */
    private static String target(CodeExchange exchange, String entered) {
        String target = exchange.user() == null ? null : ProoflessCode.target(exchange);
        return target != null && target.equals(entered) ? target : null;
    }

    /** The exchange of a number entered earlier in this login, with its holder then (null if none, or gone since). */
    private CodeExchange exchange(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String holderId = authSession.getAuthNote(NOTE_HOLDER);
        UserModel holder = holderId == null ? null : context.getSession().users().getUserById(context.getRealm(), holderId);
        return CodeExchange.signIn(context, settings.forStep(context), holder, authSession.getAuthNote(NOTE_TYPED), delivery);
    }

    private static Response numberPage(AuthenticationFlowContext context, SmsConfig config, String entered, String error) {
        return PhoneEntryPage.signIn(RaceFreeLoginForm.of(context), config, entered, error);
    }

    /** False: the step finds the user; nothing before it needs to. */
    @Override
    public boolean requiresUser() {
        return false;
    }

    /** Not asked where no user is required. */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // a sign-in by number never sets up a number
    }

    @Override
    public void close() {
        // nothing held per request
    }
}
