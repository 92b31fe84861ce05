package io.github.sipgatesms.keycloak.config;

import static io.github.sipgatesms.keycloak.config.ConfigKeys.*;

import java.util.List;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** The admin console form of the {@code sipgate-sms} execution: declared once, read by {@link SmsConfig}. */
public final class ConfigProperties {

    public static final List<ProviderConfigProperty> LIST = ProviderConfigurationBuilder.create()
        .property().name(SIPGATE_BASE_URL).label("sipgate API base URL").type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(DEFAULT_BASE_URL)
            .helpText("Root of the sipgate REST API. Leave the default for production. Must be https "
                + "(http is accepted only for a loopback test server). Ignored when the credentials come "
                + "from the server-wide options: then the server's base URL is used.")
            .add()
        .property().name(SIPGATE_TOKEN_ID).label("sipgate token id").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("Personal Access Token id from the sipgate web app (token- followed by 6 letters or digits), "
                + "or a vault reference such as ${vault.sipgate_token_id}. Leave empty to use the server-wide option.")
            .add()
        .property().name(SIPGATE_TOKEN).label("sipgate token").type(ProviderConfigProperty.PASSWORD).secret(true)
            .helpText("Personal Access Token (scope sessions:sms:write). Prefer a vault reference such as "
                + "${vault.sipgate_token} or the server-wide option: Keycloak before 26.7.3 returns this field "
                + "in clear through the admin API. Leave empty to use the server-wide option.")
            .add()
        .property().name(SIPGATE_SMS_ID).label("sipgate SMS extension id").type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(DEFAULT_SMS_ID)
            .helpText("Web SMS extension that sends the codes: s followed by digits, e.g. s0 "
                + "(sipgate web app, or GET /v2/{userId}/sms).")
            .add()
        .property().name(CODE_LENGTH).label("Code length").type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(String.valueOf(DEFAULT_CODE_LENGTH))
            .helpText("Digits in each code, 6 to 10.")
            .add()
        .property().name(CODE_TTL_SECONDS).label("Code lifetime (seconds)").type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(String.valueOf(DEFAULT_CODE_TTL_SECONDS))
            .helpText("How long a code stays valid after it was sent, 10 to 600 seconds (NIST SP 800-63B: at most 10 minutes).")
            .add()
        .property().name(MAX_ATTEMPTS).label("Wrong entries per code").type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(String.valueOf(DEFAULT_MAX_ATTEMPTS))
            .helpText("Wrong entries allowed for one code, 1 to 10; after that the code is void and the user must request a new one.")
            .add()
        .property().name(RESEND_COOLDOWN_SECONDS).label("Resend cooldown (seconds)").type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(String.valueOf(DEFAULT_RESEND_COOLDOWN_SECONDS))
            .helpText("Minimum gap between two SMS to one user, across logins, tabs and cluster nodes, 0 to 3600 seconds (0 = none). "
                + "A failed send counts too.")
            .add()
        .property().name(MAX_SMS_PER_USER_PER_HOUR).label("SMS per user per hour").type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(String.valueOf(DEFAULT_MAX_SMS_PER_USER_PER_HOUR))
            .helpText("Cap of SMS to one user in a rolling hour, across the cluster, 1 to 1000000. The user then sees "
                + "'try again in N minutes'; the event sipgate_sms_limit names the limit.")
            .add()
        .property().name(MAX_SMS_PER_NUMBER_PER_HOUR).label("SMS per number per hour").type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(String.valueOf(DEFAULT_MAX_SMS_PER_NUMBER_PER_HOUR))
            .helpText("Cap of SMS to one phone number in a rolling hour, across the cluster, 1 to 1000000.")
            .add()
        .property().name(MAX_SMS_PER_REALM_PER_HOUR).label("SMS per realm per hour").type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(String.valueOf(DEFAULT_MAX_SMS_PER_REALM_PER_HOUR))
            .helpText("Budget of SMS for the whole realm in a rolling hour, 1 to 1000000: the brake against SMS pumping (toll fraud).")
            .add()
        .property().name(ALLOWED_REGIONS).label("Allowed regions").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("ISO 3166 country codes, comma-separated (e.g. DE,AT,CH). Numbers of other regions get no SMS. Empty = all regions. "
                + "Set it to your users' countries: SMS pumping targets expensive foreign numbers.")
            .add()
        .property().name(PHONE_ATTRIBUTE).label("Phone number attribute").type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(DEFAULT_PHONE_ATTRIBUTE)
            .helpText("User attribute holding an administrator-provisioned mobile number. Declare it in the realm's "
                + "user profile (admin-editable, not user-editable), or Keycloak drops it.")
            .add()
        .property().name(DEFAULT_REGION).label("Default region").type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(DEFAULT_REGION_CODE)
            .helpText("ISO 3166 country code used for numbers written without +country code, e.g. DE for 0151 23456789.")
            .add()
        .property().name(SIMULATION).label("Simulation (no SMS)").type(ProviderConfigProperty.BOOLEAN_TYPE)
            .defaultValue("false")
            .helpText("Write the SMS, code included, to the server log instead of sending it. For demos only. "
                + "Ignored unless the server sets --spi-authenticator--sipgate-sms--allow-simulation=true.")
            .add()
        .build();

    private ConfigProperties() {
    }
}
