package io.github.sipgatesms.keycloak.limits;

/** The send limits of the step. {@link #eventValue()} names the one that fired in the login event (never on the page). */
public enum Limit {
    /** Minimum gap between two SMS to one user ({@code resendCooldownSeconds}). */
    USER_COOLDOWN("user_cooldown"),
    /** SMS to one user per rolling hour ({@code maxSmsPerUserPerHour}). */
    USER_HOURLY("user_hourly"),
    /** SMS to one phone number per rolling hour ({@code maxSmsPerNumberPerHour}). */
    NUMBER_HOURLY("number_hourly"),
    /** SMS to numbers being registered, per realm and rolling hour ({@code registrationSharePercent} of the realm budget). */
    REGISTRATION_HOURLY("registration_hourly"),
    /**
     * SMS anyone can trigger without a proof (reset by SMS alone, phone sign-in), per realm and rolling hour
     * ({@code prooflessSharePercent} of the realm budget).
     */
    PROOFLESS_HOURLY("proofless_hourly"),
    /** SMS of the whole realm per rolling hour ({@code maxSmsPerRealmPerHour}). */
    REALM_HOURLY("realm_hourly"),
    /** Code requests from one client address per rolling hour where no proof preceded the step ({@code maxSmsPerAddressPerHour}). */
    ADDRESS_HOURLY("address_hourly");

    private final String eventValue;

    Limit(String eventValue) {
        this.eventValue = eventValue;
    }

    public String eventValue() {
        return eventValue;
    }
}
