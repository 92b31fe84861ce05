package io.github.sipgatesms.keycloak.code;

import java.util.Set;

/** Message keys of the theme bundles (themes/messages), prefixed with the provider id: the pages' contract with the themes. */
public final class MessageKeys {

    public static final String CODE_INVALID = "sipgateSmsCodeInvalid";
    public static final String CODE_VOID = "sipgateSmsCodeVoid";
    public static final String CODE_EXPIRED = "sipgateSmsCodeExpired";
    /** The code of an SMS a newer one replaced: "enter the code from the newest SMS". */
    public static final String CODE_OUTDATED = "sipgateSmsCodeOutdated";
    public static final String CODE_MISSING = "sipgateSmsCodeMissing";
    public static final String NO_ACTIVE_CODE = "sipgateSmsNoActiveCode";
    public static final String RESEND_WAIT = "sipgateSmsResendWait";
    public static final String SEND_FAILED = "sipgateSmsSendFailed";
    public static final String SEND_LATER = "sipgateSmsSendLater";
    public static final String NO_PHONE = "sipgateSmsNoPhone";
    public static final String PHONE_UNUSABLE = "sipgateSmsPhoneUnusable";
    /** The phone attribute's number changed since a code last reached it: "ask your administrator to confirm it". */
    public static final String NUMBER_CHANGED = "sipgateSmsNumberChanged";
    public static final String LIMIT_REACHED = "sipgateSmsLimitReached";
    public static final String PHONE_INVALID = "sipgateSmsPhoneInvalid";
    /** A mobile number of a region outside {@code allowedRegions}: "codes cannot be sent to numbers from this country". */
    public static final String REGION_NOT_ALLOWED = "sipgateSmsRegionNotAllowed";
    /** Errors after which another way to sign in helps; the code page says so only when the flow offers one. */
    public static final Set<String> OTHER_WAY_HELPS = Set.of(SEND_FAILED, SEND_LATER, NO_PHONE, PHONE_UNUSABLE, NUMBER_CHANGED,
        LIMIT_REACHED);

    private MessageKeys() {
    }
}
