package io.github.sipgatesms.keycloak.code;

/** What the check found, and what the code page shows for it. */
enum CheckResult {
    /** Right code: it is now void (single use). */
    ACCEPTED(null, true, "right"),
    /** Nothing entered. */
    MISSING(MessageKeys.CODE_MISSING, true, null),
    /** Locked out by Keycloak's brute-force detection: refused unchecked, worded like a wrong code. */
    LOCKED(MessageKeys.CODE_INVALID, true, "locked"),
    /** The bound of consecutive wrong codes is reached: refused unchecked, worded like a wrong code. */
    BOUND_REACHED(MessageKeys.CODE_INVALID, true, "locked"),
    /** Wrong code, which counts as a failed authentication. */
    WRONG(MessageKeys.CODE_INVALID, true, "wrong"),
    /** Wrong code, the last one allowed: the code is void. */
    WRONG_AND_VOID(MessageKeys.CODE_VOID, true, "wrong"),
    /** The code outlived its lifetime. */
    EXPIRED(MessageKeys.CODE_EXPIRED, true, "expired"),
    /** The code of an SMS a newer one replaced: "use the newest SMS" (not counted as a wrong code). */
    OUTDATED(MessageKeys.CODE_OUTDATED, true, "outdated"),
    /** No usable code in this session: the user must request one. */
    NO_CODE(MessageKeys.NO_ACTIVE_CODE, false, "void");

    private final String messageKey;
    private final boolean atField;
    /** The result's tag in the metric of checked codes; null: nothing was checked. */
    private final String metric;

    CheckResult(String messageKey, boolean atField, String metric) {
        this.messageKey = messageKey;
        this.atField = atField;
        this.metric = metric;
    }

    /** A wrong code (counted by brute-force detection where the SPI allows it). */
    boolean wrong() {
        return this == WRONG || this == WRONG_AND_VOID;
    }

    /** Shown even where an alternative execution could take over (Keycloak's forceChallenge). */
    boolean forced() {
        return this == LOCKED || this == BOUND_REACHED || this == EXPIRED || this == OUTDATED || this == NO_CODE;
    }

    /** The result's tag in the metric of checked codes; null where nothing was checked. */
    String metric() {
        return metric;
    }

    /** The message key the code page shows for it. */
    String messageKey() {
        return messageKey;
    }

    /** Whether the message stands at the code input (else as the page's alert). */
    boolean atField() {
        return atField;
    }
}
