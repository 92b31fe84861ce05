package io.github.sipgatesms.keycloak.it.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentExportRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.testframework.realm.AuthenticationExecutionExportBuilder;
import org.keycloak.testframework.realm.AuthenticationFlowBuilder;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;

/**
 * A realm whose browser flow is username/password, then {@code sipgate-sms} (REQUIRED), with the
 * phone attribute declared in the user profile (admin-editable and admin-visible only), as the README
 * tells administrators to do.
 */
public class SmsRealmConfig implements RealmConfig {

    public static final String FLOW = "browser-sms";
    /** The realm SMS policy's component type and provider id (the "SMS (sipgate)" tab). */
    public static final String POLICY_TYPE = "org.keycloak.services.ui.extend.UiTabProvider";
    public static final String POLICY_ID = "sipgate-sms";

    /** The realm SMS policy; subclasses change it. */
    protected Map<String, String> smsConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("codeLength", "6");
        config.put("codeTtlSeconds", "300");
        config.put("maxAttempts", "3");
        // tests share users across methods: no cooldown and roomy caps unless a test sets its own (executionConfig)
        config.put("resendCooldownSeconds", "0");
        config.put("maxSmsPerUserPerHour", "1000");
        config.put("maxSmsPerNumberPerHour", "1000");
        config.put("maxSmsPerRealmPerHour", "1000");
        config.put("maxSmsPerAddressPerHour", "1000");
        config.put("defaultRegion", "DE");
        return config;
    }

    protected RealmBuilder realmSettings(RealmBuilder realm) {
        return realm;
    }

    @Override
    public RealmBuilder configure(RealmBuilder realm) {
        RealmBuilder builder = realm
            .internationalizationEnabled(true)
            .supportedLocales("en", "de")
            .defaultLocale("en")
            .authenticationFlows(AuthenticationFlowBuilder.create(FLOW, "password, then SMS code", "basic-flow", true, false)
                .authenticationExecutions(
                    AuthenticationExecutionExportBuilder.authenticator("auth-username-password-form", "REQUIRED", 10, false),
                    AuthenticationExecutionExportBuilder.authenticator("sipgate-sms", "REQUIRED", 20, false)))
            .browserFlow(FLOW)
            .update(rep -> {
                MultivaluedHashMap<String, ComponentExportRepresentation> components = userProfile();
                components.add(POLICY_TYPE, policy(smsConfig()));
                rep.setComponents(components);
                rep.setRequiredActions(requiredActions());
            });
        return realmSettings(builder);
    }

    /** The realm SMS policy as realm JSON holds it: one component of the tab's type. */
    public static ComponentExportRepresentation policy(Map<String, String> values) {
        ComponentExportRepresentation policy = new ComponentExportRepresentation();
        policy.setName("SMS (sipgate)");
        policy.setProviderId(POLICY_ID);
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        values.forEach(config::putSingle);
        policy.setConfig(config);
        return policy;
    }

    /**
     * The realm's required actions. Listing them in realm JSON replaces Keycloak's built-in list, so the ones the
     * tests use are all here; the phone registration must be registered and enabled, like the README says.
     */
    public static List<RequiredActionProviderRepresentation> requiredActions() {
        List<RequiredActionProviderRepresentation> actions = new ArrayList<>();
        String[][] all = {
            {"CONFIGURE_TOTP", "Configure OTP"}, {"UPDATE_PASSWORD", "Update Password"}, {"UPDATE_PROFILE", "Update Profile"},
            {"VERIFY_EMAIL", "Verify Email"}, {"delete_credential", "Delete Credential"},
            {"sipgate-sms-register-phone", "Register a mobile number for SMS codes"}
        };
        int priority = 10;
        for (String[] action : all) {
            RequiredActionProviderRepresentation rep = new RequiredActionProviderRepresentation();
            rep.setAlias(action[0]);
            rep.setProviderId(action[0]);
            rep.setName(action[1]);
            rep.setEnabled(true);
            rep.setPriority(priority += 10);
            actions.add(rep);
        }
        return actions;
    }

    /** The user profile the README asks for: the phone attribute declared, admin-only. */
    public static MultivaluedHashMap<String, ComponentExportRepresentation> userProfile() {
        String attributes = "{\"attributes\":["
            + "{\"name\":\"username\",\"permissions\":{\"view\":[\"admin\",\"user\"],\"edit\":[\"admin\",\"user\"]}},"
            + "{\"name\":\"email\",\"permissions\":{\"view\":[\"admin\",\"user\"],\"edit\":[\"admin\",\"user\"]}},"
            + "{\"name\":\"firstName\",\"permissions\":{\"view\":[\"admin\",\"user\"],\"edit\":[\"admin\",\"user\"]}},"
            + "{\"name\":\"lastName\",\"permissions\":{\"view\":[\"admin\",\"user\"],\"edit\":[\"admin\",\"user\"]}},"
            + "{\"name\":\"phoneNumber\",\"displayName\":\"Mobile number\",\"permissions\":{\"view\":[\"admin\"],\"edit\":[\"admin\"]}},"
            // a second phone attribute, for steps configured with phoneAttribute=mobile
            + "{\"name\":\"mobile\",\"permissions\":{\"view\":[\"admin\"],\"edit\":[\"admin\"]}}"
            + "]}";
        ComponentExportRepresentation profile = new ComponentExportRepresentation();
        profile.setProviderId("declarative-user-profile");
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("kc.user.profile.config", attributes);
        profile.setConfig(config);
        MultivaluedHashMap<String, ComponentExportRepresentation> components = new MultivaluedHashMap<>();
        components.add("org.keycloak.userprofile.UserProfileProvider", profile);
        return components;
    }
}
