package io.github.sipgatesms.keycloak.code;

/**
 * The outcome vocabulary, in one place: the names the step uses in Keycloak's login events and, where the fact is the
 * same, in its metrics ({@link Outcomes} and {@link CheckOutcomes} write both), and why a user is locked. Values are masked
 * numbers, outcomes and limit names only: never a code, a token or a full number. The purpose tag is {@link Purpose#tag()}.
 */
final class SmsEvents {

    /** Why no code goes to a user and none is checked: the tag of the metric and event. */
    enum Lock {
        /** Keycloak's brute-force detection locked the user. */
        BRUTE_FORCE("brute_force"),
        /** The user reached the bound of consecutive wrong codes. */
        FAILURE_BOUND(SmsEvents.OUTCOME_FAILURE_BOUND);

        private final String tag;

        Lock(String tag) {
            this.tag = tag;
        }

        String tag() {
            return tag;
        }
    }

    /** Detail: what the code is for, the purpose's tag ({@link Purpose#tag()}, as in the metrics). */
    static final String PURPOSE = "sipgate_sms_purpose";
    /** Detail: the masked number, e.g. {@code +49 ••• ••• 6789}. */
    static final String PHONE = "sipgate_sms_phone";
    /** On a LOGIN event: the masked number the phone attribute held when a code last reached it, now replaced. */
    static final String PREVIOUS_PHONE = "sipgate_sms_previous_phone";
    /** Detail: what happened to the SMS: {@code sent}, {@code limit}, {@code invalid_number}, {@code no_phone}, {@code sipgate_error}, {@code failure_bound}. */
    static final String OUTCOME = "sipgate_sms_outcome";
    /** Detail: which limits fired ({@code user_cooldown}, {@code user_hourly}, {@code number_hourly}, {@code realm_hourly}). */
    static final String LIMIT = "sipgate_sms_limit";
    /** Detail: the HTTP status sipgate answered (0: no answer). */
    static final String STATUS = "sipgate_sms_status";
    /** Detail: why a number was refused ({@code invalid}, {@code not_mobile}, {@code region_not_allowed}) and its type. */
    static final String NUMBER_PROBLEM = "sipgate_sms_number_problem";
    static final String NUMBER_TYPE = "sipgate_sms_number_type";
    /** Detail on the LOGIN event: {@code used} (a trusted browser skipped the SMS) or {@code remembered} (now trusted). */
    static final String TRUSTED_BROWSER = "sipgate_sms_trusted_browser";
    /** Detail on the LOGIN event: how many SMS this login sent. */
    static final String SENT = "sipgate_sms_sent";
    /** {@code withheld}: a user without a number was not offered the registration (no credential checked before the step). */
    static final String REGISTRATION = "sipgate_sms_registration";
    static final String REGISTRATION_WITHHELD = "withheld";

    /** sipgate took the SMS (event detail and metric tag alike). */
    static final String OUTCOME_SENT = "sent";
    static final String OUTCOME_LIMIT = "limit";
    static final String OUTCOME_INVALID_NUMBER = "invalid_number";
    static final String OUTCOME_NO_PHONE = "no_phone";
    static final String OUTCOME_NUMBER_UNCONFIRMED = "number_unconfirmed";
    static final String OUTCOME_SIPGATE_ERROR = "sipgate_error";
    static final String OUTCOME_FAILURE_BOUND = "failure_bound";
    /** Outcome of the event of the first SMS of an hour to reach 80 % of the realm's hourly budget. */
    static final String OUTCOME_BUDGET_WARNING = "realm_budget_warning";
    /** Detail: the realm's SMS of the last hour and its hourly budget, e.g. {@code 400/500}. */
    static final String BUDGET = "sipgate_sms_realm_budget";

    /** Errors of LOGIN_ERROR events. */
    static final String ERROR_LIMIT = "sipgate_sms_limit";
    static final String ERROR_INVALID_NUMBER = "sipgate_sms_invalid_number";
    static final String ERROR_NO_PHONE = "sipgate_sms_no_phone";
    /** The phone attribute holds a number other than the one last proven: no SMS until an administrator confirms it. */
    static final String ERROR_NUMBER_UNCONFIRMED = "sipgate_sms_number_unconfirmed";
    static final String ERROR_FAILURE_BOUND = "sipgate_sms_failure_bound";
    /** The code of an SMS a newer one replaced (not a guess: counted neither by brute-force detection nor the bound). */
    static final String ERROR_OUTDATED_CODE = "sipgate_sms_outdated_code";
    static final String ERROR_BUDGET_WARNING = "sipgate_sms_realm_budget_warning";

    private SmsEvents() {
    }
}
