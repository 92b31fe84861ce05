package io.github.sipgatesms.keycloak;

/** Message keys of the theme bundles (themes/messages), prefixed with the provider id. */
final class Messages {

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

    private Messages() {
    }
}
