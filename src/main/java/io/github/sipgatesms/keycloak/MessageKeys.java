package io.github.sipgatesms.keycloak;

import java.util.Set;

/** Message keys of the theme bundles (themes/messages), prefixed with the provider id. */
final class MessageKeys {

    static final String CODE_INVALID = "sipgateSmsCodeInvalid";
    static final String CODE_VOID = "sipgateSmsCodeVoid";
    static final String CODE_EXPIRED = "sipgateSmsCodeExpired";
    /** The code of an SMS a newer one replaced: "enter the code from the newest SMS". */
    static final String CODE_OUTDATED = "sipgateSmsCodeOutdated";
    static final String CODE_MISSING = "sipgateSmsCodeMissing";
    static final String NO_ACTIVE_CODE = "sipgateSmsNoActiveCode";
    static final String RESEND_WAIT = "sipgateSmsResendWait";
    static final String SEND_FAILED = "sipgateSmsSendFailed";
    static final String SEND_LATER = "sipgateSmsSendLater";
    static final String NO_PHONE = "sipgateSmsNoPhone";
    static final String PHONE_UNUSABLE = "sipgateSmsPhoneUnusable";
    static final String LIMIT_REACHED = "sipgateSmsLimitReached";
    static final String PHONE_INVALID = "sipgateSmsPhoneInvalid";
    /** Errors after which another way to sign in helps; the code page says so only when the flow offers one. */
    static final Set<String> OTHER_WAY_HELPS = Set.of(SEND_FAILED, SEND_LATER, NO_PHONE, PHONE_UNUSABLE, LIMIT_REACHED);

    private MessageKeys() {
    }
}
