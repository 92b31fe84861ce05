package io.github.sipgatesms.keycloak.code;

import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.github.sipgatesms.keycloak.phone.PhoneNumbers;

/**
 * The code of one authentication session (one browser tab), in its auth notes: a salted hash bound to that session, its
 * issue time and the code it replaced ({@link TabSends}: what the session sent). Entries of a code are counted in
 * Keycloak's single-use store, keyed by the code's random salt, with {@code putIfAbsent}: N concurrent wrong entries count
 * as N (auth notes are last-writer-wins), and a right code is accepted once. Auth notes live in Keycloak's distributed
 * authentication-session store (cluster-safe); a flow restart, another tab or another client starts with empty notes.
 */
final class CodeStore {

    static final String HASH = "sipgate-sms.code.hash";
    static final String SALT = "sipgate-sms.code.salt";
    static final String ISSUED_AT = "sipgate-sms.code.issued";
    private static final String ENTRIES = "sipgate-sms.code-entries.";
    static final String MASKED_PHONE = "sipgate-sms.masked-phone";
    /** The exact number the current code went to, as {@code salt.hash} bound to this session (never in clear). */
    static final String NUMBER = "sipgate-sms.code.number";
    /** The current code went to nobody (a proof-less context's answer for an account that gets no SMS). */
    static final String DECOY = "sipgate-sms.code.decoy";
    /** The code the current one replaced, as {@code salt.hash}: an entry of it is told apart from a wrong one. */
    static final String PREVIOUS = "sipgate-sms.code.previous";

    private final AuthenticationSessionModel session;

    CodeStore(AuthenticationSessionModel session) {
        this.session = session;
    }

    /** Stores a new code for the number {@code e164} (E.164), replacing (and so voiding) any earlier one. */
    void issue(String code, long now, String e164) {
        if (hasCode() && !decoy()) {
            session.setAuthNote(PREVIOUS, session.getAuthNote(SALT) + "." + session.getAuthNote(HASH));
        }
        session.removeAuthNote(DECOY);
        String salt = OneTimeCode.newSalt();
        session.setAuthNote(SALT, salt);
        session.setAuthNote(HASH, OneTimeCode.hash(code, salt, binding()));
        session.setAuthNote(ISSUED_AT, Long.toString(now));
        String numberSalt = OneTimeCode.newSalt();
        session.setAuthNote(NUMBER, numberSalt + "." + OneTimeCode.hash(e164, numberSalt, binding()));
        session.setAuthNote(MASKED_PHONE, PhoneNumbers.mask(e164));
    }

    /**
     * Stores a code that goes to nobody, with the same notes, lifetime and entry slots as a sent one: where no proof
     * preceded the step, an account that gets no SMS is answered exactly like one that does. A right guess of it is
     * still refused ({@link #decoy()}).
     */
    void issueDecoy(String code, long now) {
        String salt = OneTimeCode.newSalt();
        session.setAuthNote(SALT, salt);
        session.setAuthNote(HASH, OneTimeCode.hash(code, salt, binding()));
        session.setAuthNote(ISSUED_AT, Long.toString(now));
        session.removeAuthNote(NUMBER);
        session.removeAuthNote(MASKED_PHONE);
        session.setAuthNote(DECOY, "true");
    }

    /** Whether the current code went to nobody ({@link #issueDecoy}). */
    boolean decoy() {
        return session.getAuthNote(DECOY) != null;
    }

    /**
     * Whether the last code of this session went to exactly {@code e164}: what a right code proves. The masked number
     * is only for display (two numbers ending in the same digits mask alike).
     */
    boolean wentTo(String e164) {
        return matchesNote(e164, NUMBER);
    }

    /** What this session sent: the step's start, the SMS tried, the resend cooldown ({@link TabSends}). */
    TabSends sends() {
        return new TabSends(session);
    }

    boolean hasCode() {
        return session.getAuthNote(HASH) != null;
    }

    String maskedPhone() {
        return session.getAuthNote(MASKED_PHONE);
    }

    /**
     * Checks an entry against the code. Each check first takes one of {@code maxAttempts} entry slots of this code in
     * {@code entries} (atomic, cluster-wide); when none is left the code is void.
     */
    Entry verify(String entered, long now, int ttlSeconds, int maxAttempts, SingleUseObjectProvider entries) {
        String hash = session.getAuthNote(HASH);
        String salt = session.getAuthNote(SALT);
        Long issuedAt = TabSends.longNote(session, ISSUED_AT);
        if (hash == null || salt == null || issuedAt == null) {
            return Entry.NO_CODE;
        }
        long left = issuedAt + ttlSeconds - now;
        if (left < 0) {
            voidCode();
            return Entry.EXPIRED;
        }
        int entry = -1;
        for (int i = 0; i < maxAttempts && entry < 0; i++) {
            if (entries.putIfAbsent(ENTRIES + salt + "." + i, Math.max(1, left))) {
                entry = i;
            }
        }
        if (entry < 0) {
            voidCode();
            return Entry.NO_CODE;
        }
        if (OneTimeCode.matches(entered, salt, binding(), hash)) {
            voidCode();
            // single use even where two requests carry the right code at once
            return entries.putIfAbsent(ENTRIES + salt + ".used", Math.max(1, left)) ? Entry.VALID : Entry.NO_CODE;
        }
        if (entry == maxAttempts - 1) {
            voidCode();
            return Entry.WRONG_AND_VOID;
        }
        return matchesNote(entered, PREVIOUS) ? Entry.OUTDATED : Entry.WRONG;
    }

    /** Makes the current code unusable; the send time stays for the cooldown. */
    void voidCode() {
        session.removeAuthNote(HASH);
        session.removeAuthNote(SALT);
        session.removeAuthNote(ISSUED_AT);
    }

    /** Whether {@code value} matches the note {@code name}, written as {@code salt.hash} bound to this session. */
    private boolean matchesNote(String value, String name) {
        String stored = session.getAuthNote(name);
        int dot = stored == null ? -1 : stored.indexOf('.');
        return value != null && dot > 0 && OneTimeCode.matches(value, stored.substring(0, dot), binding(), stored.substring(dot + 1));
    }

    private String binding() {
        String root = session.getParentSession() == null ? "" : session.getParentSession().getId();
        return root + "/" + session.getTabId();
    }
}
