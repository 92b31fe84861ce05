package io.github.sipgatesms.keycloak.config;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The one place that turns a realm into settings, for every step, flow and client, the number registration,
 * {@code configuredFor}, the connection test and provider info alike: the realm SMS policy (the realm component of
 * the "SMS (sipgate)" tab, {@link #POLICY_TYPE} / {@link #PROVIDER_ID}), then the server options, then the defaults.
 * No client, flow or execution can loosen a realm-wide rule; an execution or action config that still holds a policy
 * key is ignored, and named once per node ({@link #ignored}). The result is kept in the Keycloak session, so one
 * request resolves it once.
 */
public final class SettingsResolver {

    /** The provider id of the step and of the realm SMS policy component. */
    public static final String PROVIDER_ID = "sipgate-sms";
    /** The component type of the policy: Keycloak's admin-console tab extension point. */
    public static final String POLICY_TYPE = "org.keycloak.services.ui.extend.UiTabProvider";
    /** Where administrators find the policy, as log lines name it. */
    public static final String WHERE = "Realm settings -> SMS (sipgate)";

    private static final Logger LOG = Logger.getLogger(SettingsResolver.class);
    private static final String CACHE = "sipgate-sms.settings.";
    /** Enough for every realm of a large installation; beyond it a WARN or INFO may repeat, nothing else changes. */
    private static final int MAX_REMEMBERED = 10_000;

    private final ServerOptions server;
    private final SmsConfig serverDefaults;
    /** What this node already named in the log (an INFO or WARN at first use, not on every login). */
    private final Set<String> named = ConcurrentHashMap.newKeySet();

    public SettingsResolver(ServerOptions server) {
        this.server = server;
        this.serverDefaults = SmsConfig.of(Map.of(), server);
    }

    public ServerOptions serverOptions() {
        return server;
    }

    /** What applies to a realm without a policy: the server options, else the defaults (provider info). */
    public SmsConfig serverDefaults() {
        return serverDefaults;
    }

    /** The settings of a step's request: {@link #forRealm}; a step config of the previous release is named in a WARN and ignored. */
    public SmsConfig forStep(AuthenticationFlowContext context) {
        AuthenticatorConfigModel stepConfig = context.getAuthenticatorConfig();
        if (stepConfig != null) {
            ignored(context.getRealm(), "the step's config '" + stepConfig.getAlias() + "'", stepConfig.getConfig());
        }
        return forRealm(context.getSession(), context.getRealm());
    }

    /** The settings of the realm: its SMS policy, then the server options, then the defaults. */
    public SmsConfig forRealm(KeycloakSession session, RealmModel realm) {
        String cacheKey = CACHE + realm.getId();
        SmsConfig cached = session.getAttribute(cacheKey, SmsConfig.class);
        if (cached != null) {
            return cached;
        }
        Map<String, String> policy = policy(realm);
        if (!policy.isEmpty()) {
            nameOverrides(realm, policy);
        }
        SmsConfig resolved = policy.isEmpty() ? serverDefaults : SmsConfig.of(policy, server, warning -> {
            if (once(realm.getId() + "/ceiling/" + warning)) {
                LOG.warnf("%s (realm '%s')", warning, realm.getName());
            }
        });
        session.setAttribute(cacheKey, resolved);
        return resolved;
    }

    /** The stored policy of the realm (first value of each key), empty where the realm has none. */
    Map<String, String> policy(RealmModel realm) {
        List<ComponentModel> policies = realm.getComponentsStream(realm.getId(), POLICY_TYPE)
            .filter(c -> PROVIDER_ID.equals(c.getProviderId()))
            .sorted(Comparator.comparing(ComponentModel::getId)).toList();
        if (policies.isEmpty()) {
            return Map.of();
        }
        if (policies.size() > 1 && once(realm.getId() + "/policies")) {
            LOG.warnf("sipgate-sms: realm '%s' has %d SMS policies (components '%s'); the one with id '%s' applies. Delete the "
                + "others (admin REST: DELETE /admin/realms/%s/components/{id}).", realm.getName(), policies.size(), PROVIDER_ID,
                policies.get(0).getId(), realm.getName());
        }
        Map<String, String> flat = new HashMap<>();
        policies.get(0).getConfig().forEach((key, values) -> {
            if (values != null && !values.isEmpty() && values.get(0) != null) {
                flat.put(key, values.get(0));
            }
        });
        return flat;
    }

    /**
     * A step's or the registration's own config: policy keys in it are ignored, and named in one WARN per node and config.
     * Other keys (Keycloak's own, such as the authenticator reference of the AMR mapper) are none of the extension's business.
     */
    public void ignored(RealmModel realm, String where, Map<String, String> config) {
        if (config == null || config.isEmpty()) {
            return;
        }
        List<String> keys = Setting.policySettings().stream().map(Setting::key).filter(config::containsKey).sorted().toList();
        if (!keys.isEmpty() && once(realm.getId() + "/ignored/" + where)) {
            LOG.warnf("sipgate-sms: %s in realm '%s' holds %s; these are ignored. The SMS settings of a realm live in one place: "
                + "%s. Move the values there and remove them from %s.", where, realm.getName(), keys, WHERE, where);
        }
    }

    /** One INFO line per node for each policy value that overrides a server option. */
    private void nameOverrides(RealmModel realm, Map<String, String> policy) {
        for (Setting setting : Setting.policySettings()) {
            String stored = policy.get(setting.key());
            String serverValue = server.get(setting);
            if (stored == null || stored.isBlank() || serverValue == null || serverValue.equals(stored.trim())
                || (setting == Setting.SIMULATION && !"true".equalsIgnoreCase(stored.trim()))) {
                continue;
            }
            if (once(realm.getId() + "/" + setting.key() + "/" + stored.hashCode())) {
                LOG.infof("sipgate-sms: the SMS policy of realm '%s' sets '%s'%s, overriding the server option %s. Clear the "
                    + "field in %s to use the server's value.", realm.getName(), setting.key(),
                    setting.secret() ? "" : " = '" + stored.trim() + "'", setting.optionName(), WHERE);
            }
        }
    }

    private boolean once(String key) {
        if (named.size() > MAX_REMEMBERED) {
            named.clear();
        }
        return named.add(key);
    }
}
