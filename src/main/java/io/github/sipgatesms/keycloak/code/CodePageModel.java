package io.github.sipgatesms.keycloak.code;

/**
 * What the code page ({@link CodePage}) reads as {@code sipgateSms}: a bean with getters only (not a record, whose
 * accessor methods FreeMarker would see instead of the properties).
 */
public final class CodePageModel {

    private final String maskedPhone;
    private final boolean codeActive;
    private final boolean phoneUsable;
    private final int codeLength;
    private final int ttlMinutes;
    private final int resendWaitSeconds;
    private final Purpose purpose;
    private final boolean resendRefused;
    private final boolean suggestOtherWay;
    private final int trustBrowserDays;
    private final boolean forgetOffered;
    private final boolean resent;
    private final boolean limited;

    CodePageModel(String maskedPhone, boolean codeActive, boolean phoneUsable, int codeLength, int ttlMinutes, int resendWaitSeconds,
                  Purpose purpose, boolean resendRefused, boolean suggestOtherWay, int trustBrowserDays, boolean forgetOffered, boolean resent,
                  boolean limited) {
        this.maskedPhone = maskedPhone;
        this.codeActive = codeActive;
        this.phoneUsable = phoneUsable;
        this.codeLength = codeLength;
        this.ttlMinutes = ttlMinutes;
        this.resendWaitSeconds = resendWaitSeconds;
        this.purpose = purpose;
        this.resendRefused = resendRefused;
        this.suggestOtherWay = suggestOtherWay;
        this.trustBrowserDays = trustBrowserDays;
        this.forgetOffered = forgetOffered;
        this.resent = resent;
        this.limited = limited;
    }

    /**
     * A send limit refused the SMS ("try again in N minutes"): "Send a new code" is disabled, and without a code to enter
     * the page neither asks for one by the button nor offers to trust the browser.
     */
    public boolean isLimited() {
        return limited;
    }

    /** Beside the trust box, "ask again on every other browser I trusted": only where a browser may be trusted for the number. */
    public boolean isForgetOffered() {
        return forgetOffered;
    }

    /** A new code replaced an earlier one just now: the instruction says "we sent a new code" (the page's one message about it). */
    public boolean isResent() {
        return resent;
    }

    /** No proof preceded the step: the page is the same for every account and shows no digit of a stored number. */
    public boolean isProofless() {
        return purpose.proofless();
    }

    /** Phone sign-in: {@link #getMaskedPhone} is the number as the user typed it, and the page offers to change it. */
    public boolean isSignIn() {
        return purpose.shows() == Purpose.Shows.TYPED_NUMBER;
    }

    /** Above 0: the login page offers to trust this browser for that many days (never the registration). */
    public int getTrustBrowserDays() {
        return trustBrowserDays;
    }

    /** A resend inside the cooldown was refused: the resend hint is the page's one message about it. */
    public boolean isResendRefused() {
        return resendRefused;
    }

    /** The error is one another way to sign in helps with (the page says so when the flow offers one). */
    public boolean isSuggestOtherWay() {
        return suggestOtherWay;
    }

    /** The user typed the number on the page before: the page offers "use a different number". */
    public boolean isChangeNumber() {
        return purpose.numberTyped();
    }

    public String getMaskedPhone() {
        return maskedPhone;
    }

    public boolean isCodeActive() {
        return codeActive;
    }

    public boolean isPhoneUsable() {
        return phoneUsable;
    }

    public int getCodeLength() {
        return codeLength;
    }

    public int getTtlMinutes() {
        return ttlMinutes;
    }

    public int getResendWaitSeconds() {
        return resendWaitSeconds;
    }
}
