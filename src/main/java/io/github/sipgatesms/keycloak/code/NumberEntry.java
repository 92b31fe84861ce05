package io.github.sipgatesms.keycloak.code;

import jakarta.ws.rs.core.Response;

import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.credential.PhoneIndex;
import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * Number entry, written once for every purpose whose number the user types on the number page (the registration,
 * phone sign-in): the page, a refused number, the number the codes go to until "use a different number", and - where
 * nothing proved who is there - the one enabled user who held the number when it was typed ({@link PhoneIndex}).
 */
final class NumberEntry {

    static final String PHONE_FIELD = PhoneEntryPage.PHONE_FIELD;
    /** The code page's "Use a different number". */
    static final String CHANGE_FIELD = "change";
    /** Auth notes: the entered number (E.164), as typed (shown back), and its holder's id where nothing proved who is there. */
    static final String PENDING = "sipgate-sms.number.pending";
    static final String TYPED = "sipgate-sms.number.typed";
    static final String HOLDER = "sipgate-sms.number.holder";

    private final Request request;
    private final SmsConfig config;
    private final Purpose purpose;

    NumberEntry(Request request, SmsConfig config, Purpose purpose) {
        this.request = request;
        this.config = config;
        this.purpose = purpose;
    }

    /**
     * Whom the codes of this request are about: the login's user; where nothing proved who is there and a number was
     * typed, its holder then (null if none, or gone since).
     */
    static UserModel user(Request request, Purpose purpose) {
        if (!purpose.proofless() || !purpose.numberTyped()) {
            return request.flowUser();
        }
        String holder = request.authSession().getAuthNote(HOLDER);
        return holder == null ? null : request.session().users().getUserById(request.realm(), holder);
    }

    /** The number typed and usable, which the codes go to (E.164); null before one was entered. */
    String pending() {
        return purpose.numberTyped() ? notes().getAuthNote(PENDING) : null;
    }

    /** The pending number as the user typed it. */
    String typed() {
        return purpose.numberTyped() ? notes().getAuthNote(TYPED) : null;
    }

    /** The number page, with what was entered and why it was refused (or nulls). */
    Response page(String entered, String errorKey) {
        return PhoneEntryPage.create(request.forms().get(), config, entered, errorKey, purpose);
    }

    /** Checks what was typed: a malformed, non-mobile or not allowed number is refused (that depends on the entry only). */
    PhoneNumbers.Check check(String raw) {
        return PhoneNumbers.check(raw, config.defaultRegion(), config.allowedRegions());
    }

    /** A usable number was entered: it is pending from now on (with its holder where nothing proved who is there). */
    void enter(PhoneNumbers.Check number, String raw) {
        AuthenticationSessionModel notes = notes();
        notes.setAuthNote(PENDING, number.e164());
        notes.setAuthNote(TYPED, raw.trim());
        notes.removeAuthNote(HOLDER);
        if (purpose.proofless()) {
            UserModel holder = PhoneIndex.holderOf(request.session(), request.realm(), number.e164(), config).user();
            if (holder != null) {
                notes.setAuthNote(HOLDER, holder.getId());
            }
        }
    }

    /** "Use a different number", or the number is now the user's: nothing pending. */
    void clear() {
        notes().removeAuthNote(PENDING);
        notes().removeAuthNote(TYPED);
        notes().removeAuthNote(HOLDER);
    }

    private AuthenticationSessionModel notes() {
        return request.authSession();
    }
}
