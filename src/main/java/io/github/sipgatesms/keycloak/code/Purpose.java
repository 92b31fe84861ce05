package io.github.sipgatesms.keycloak.code;

import io.github.sipgatesms.keycloak.limits.Bucket;
import io.github.sipgatesms.keycloak.login.EarlierProof;

/**
 * What an SMS code is for, decided from the running login (never from which SPI class runs), and every decision that
 * follows from it (DESIGN.md "Purpose"): the SMS text, the buckets and budget share it spends, whether nothing proved
 * who is there (then every account is answered alike), what the code page shows, whether a trusted browser or the
 * number registration may follow, and the tag of its events and metrics. A new constant makes the compiler ask for
 * each; no {@code switch} over purposes lives elsewhere.
 */
public enum Purpose {
    /** The step in a browser flow, a step-up, an identity provider's post-login flow. */
    LOGIN("sipgate-sms-text", "{0}: your login code is {1}. It is valid for {2} minutes. Do not share it.\n\n@{3} #{1}",
        Bucket.LOGIN, Shows.MASKED_NUMBER, false, false, true, false, "login"),
    /** The registration action: a number the user is proving (the first, or a replacement). */
    REGISTRATION("sipgate-sms-text-registration", "{0}: code to confirm your number: {1}. Valid {2} min. Do not share it.\n\n@{3} #{1}",
        Bucket.REGISTRATION, Shows.MASKED_NUMBER, true, true, false, false, "registration"),
    /**
     * The registration action where the user has a number and nothing of this session proved it lately: a code to the
     * current number first, then the registration of another (SECURITY.md 38). The user's own number, the login buckets.
     */
    NUMBER_CHANGE("sipgate-sms-text-number-change", "{0}: code to change your sign-in number: {1}. Valid {2} min. Do not share it.\n\n@{3} #{1}",
        Bucket.LOGIN, Shows.MASKED_NUMBER, false, false, false, true, "number_change"),
    /** The step in a reset flow after a proof (the e-mailed link): the user's own number, the login buckets. */
    RESET("sipgate-sms-text-reset", "{0}: password reset code {1}. Valid {2} min. Do not share it.\n\n@{3} #{1}",
        Bucket.LOGIN, Shows.MASKED_NUMBER, false, false, false, false, "reset"),
    /** The step in a reset flow with nothing before it (Choose User, then the step): anyone can ask, so all alike. */
    RESET_BY_SMS("sipgate-sms-text-reset", "{0}: password reset code {1}. Valid {2} min. Do not share it.\n\n@{3} #{1}",
        Bucket.PROOFLESS, Shows.NOTHING, false, false, false, false, "reset"),
    /** Phone sign-in: the number a visitor typed; anyone can ask, so all alike. */
    SIGN_IN("sipgate-sms-text-sign-in", "{0}: sign-in code {1} for your phone number. Valid {2} min. Do not share it.\n\n@{3} #{1}",
        Bucket.PROOFLESS, Shows.TYPED_NUMBER, true, false, false, false, "sign_in");

    /**
     * The step's purpose in the running login: a password reset is a reset with or without the e-mailed link before it
     * (SECURITY.md 41), reset by SMS alone where nothing before it proved who is there; anything else a login.
     */
    public static Purpose ofStep(EarlierProof proof) {
        if (!proof.reset()) {
            return LOGIN;
        }
        return proof.proofless() ? RESET_BY_SMS : RESET;
    }

    /** What the code page shows of the number the code went to. */
    public enum Shows { MASKED_NUMBER, TYPED_NUMBER, NOTHING }

    private final String textKey;
    private final String fallbackText;
    private final Bucket bucket;
    private final Shows shows;
    private final boolean numberTyped;
    private final boolean registers;
    private final boolean followUps;
    private final boolean opensRegistration;
    private final String tag;

    Purpose(String textKey, String fallbackText, Bucket bucket, Shows shows, boolean numberTyped, boolean registers, boolean followUps,
            boolean opensRegistration, String tag) {
        this.textKey = textKey;
        this.fallbackText = fallbackText;
        this.bucket = bucket;
        this.shows = shows;
        this.numberTyped = numberTyped;
        this.registers = registers;
        this.followUps = followUps;
        this.opensRegistration = opensRegistration;
        this.tag = tag;
    }

    /** The theme message key of the SMS text (arguments: service name, code, minutes, host). */
    public String textKey() {
        return textKey;
    }

    /** The SMS text where the theme has none: the English bundle's (SmsTextTest). */
    public String fallbackText() {
        return fallbackText;
    }

    /** Whose resources its SMS spend. */
    public Bucket bucket() {
        return bucket;
    }

    /**
     * Nothing before the code proved who is there: every account (unknown, disabled, locked, without a usable number) gets
     * the same pages and answers, and the SMS goes out after the answer; requests count against the client address's cap,
     * and wrong codes never fill the login's bound of wrong codes (SECURITY.md 30, 37).
     */
    public boolean proofless() {
        return bucket == Bucket.PROOFLESS;
    }

    /** What the code page shows of the number. */
    public Shows shows() {
        return shows;
    }

    /** The user typed the number on the page before: the code page offers "use a different number". */
    public boolean numberTyped() {
        return numberTyped;
    }

    /** A right code makes the number the code went to the user's number (a {@code sipgate-sms} credential). */
    public boolean registers() {
        return registers;
    }

    /**
     * Whether a trusted browser, the number registration or the passkey offer may follow (where the login's earlier proof
     * allows it).
     */
    public boolean followUps() {
        return followUps;
    }

    /** What a right code leads to in the same action: the registration of another number, or nothing (null). */
    public Purpose then() {
        return opensRegistration ? REGISTRATION : null;
    }

    /** The tag of its metrics and events: the reset is {@code reset} with or without the e-mailed link before it. */
    public String tag() {
        return tag;
    }
}
