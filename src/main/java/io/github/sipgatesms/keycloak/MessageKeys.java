package io.github.sipgatesms.keycloak;

import java.util.Set;

/** Message keys of the theme bundles (themes/messages), prefixed with the provider id. */
final class MessageKeys {

    static final String CODE_INVALID = "sipgateSmsCodeInvalid";
    static final String CODE_VOID = "sipgateSmsCodeVoid";
    static final String CODE_EXPIRED = "sipgateSmsCodeExpired";
    static final String CODE_MISSING = "sipgateSmsCodeMissing";
    static final String NO_ACTIVE_CODE = "sipgateSmsNoActiveCode";
    static final String RESEND_WAIT = "sipgateSmsResendWait";
    static final String SEND_FAILED = "sipgateSmsSendFailed";
    static final String SEND_LATER = "sipgateSmsSendLater";
    static final String NO_PHONE = "sipgateSmsNoPhone";
    static final String PHONE_UNUSABLE = "sipgateSmsPhoneUnusable";
    static final String LIMIT_REACHED = "sipgateSmsLimitReached";
    static final String PHONE_INVALID = "sipgateSmsPhoneInvalid";
    static final String CODE_RESENT = "sipgateSmsResent";
    /** Where no proof preceded the step: "if this account has a number, we sent a new code to it" (no digit of it). */
    static final String PROOFLESS_RESENT = "sipgateSmsProoflessResent";
    /** Phone sign-in: "if {0} belongs to an account, we sent a new code to it" ({0}: the number as typed). */
    static final String SIGN_IN_RESENT = "sipgateSmsSignInResent";
    /** Errors after which another way to sign in helps; the code page says so only when the flow offers one. */
    static final Set<String> OTHER_WAY_HELPS = Set.of(SEND_FAILED, SEND_LATER, NO_PHONE, PHONE_UNUSABLE, LIMIT_REACHED);

    private MessageKeys() {
    }
}
