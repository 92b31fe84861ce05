package io.github.sipgatesms.keycloak.code;

/** What checking an entered code against the code store found ({@link CodeStore#verify}). */
enum Entry {
    /** Right code: it is now void (single use). */
    VALID,
    /** Wrong code; the code stays usable. */
    WRONG,
    /** Wrong code, and it was the last allowed entry: the code is now void. */
    WRONG_AND_VOID,
    /** The code outlived its lifetime: it is now void. */
    EXPIRED,
    /** The code a newer SMS replaced (not counted as a guess: only its recipient knows it); the current code stays usable. */
    OUTDATED,
    /** No usable code in this session (never sent, used, or voided). */
    NO_CODE
}
