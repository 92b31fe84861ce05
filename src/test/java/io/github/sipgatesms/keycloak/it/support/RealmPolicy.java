package io.github.sipgatesms.keycloak.it.support;

import java.util.HashMap;
import java.util.Map;

import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;

/**
 * The realm SMS policy through the admin REST API, as an administrator's script would change it: the one component
 * of the "SMS (sipgate)" tab. Secrets come back masked; putting the mask back keeps the stored value (Keycloak's rule).
 */
public final class RealmPolicy {

    private RealmPolicy() {
    }

    /** The realm's policy component, or null where it has none. */
    public static ComponentRepresentation find(RealmResource realm) {
        String realmId = realm.toRepresentation().getId();
        return realm.components().query(realmId, SmsRealmConfig.POLICY_TYPE).stream()
            .filter(c -> SmsRealmConfig.POLICY_ID.equals(c.getProviderId())).findFirst().orElse(null);
    }

    /** The policy's values (first value of each key). */
    public static Map<String, String> values(RealmResource realm) {
        ComponentRepresentation policy = find(realm);
        Map<String, String> values = new HashMap<>();
        if (policy != null && policy.getConfig() != null) {
            policy.getConfig().forEach((key, list) -> {
                if (list != null && !list.isEmpty()) {
                    values.put(key, list.get(0));
                }
            });
        }
        return values;
    }

    /** Sets the values (a null or empty value removes the key), creating the policy where the realm has none. */
    public static void change(RealmResource realm, Map<String, String> changes) {
        ComponentRepresentation policy = find(realm);
        if (policy == null) {
            policy = new ComponentRepresentation();
            policy.setName("SMS (sipgate)");
            policy.setProviderId(SmsRealmConfig.POLICY_ID);
            policy.setProviderType(SmsRealmConfig.POLICY_TYPE);
            policy.setParentId(realm.toRepresentation().getId());
            policy.setConfig(new MultivaluedHashMap<>());
            apply(policy, changes);
            realm.components().add(policy).close();
            return;
        }
        apply(policy, changes);
        realm.components().component(policy.getId()).update(policy);
    }

    /** Replaces all values of the policy (keys not in {@code values} are removed). */
    public static void replace(RealmResource realm, Map<String, String> values) {
        ComponentRepresentation policy = find(realm);
        Map<String, String> all = new HashMap<>();
        policy.getConfig().keySet().forEach(key -> all.put(key, null));
        all.putAll(values);
        apply(policy, all);
        realm.components().component(policy.getId()).update(policy);
    }

    /** Keycloak's update keeps keys the request leaves out; an empty value removes one. */
    private static void apply(ComponentRepresentation policy, Map<String, String> changes) {
        changes.forEach((key, value) -> policy.getConfig().putSingle(key, value == null ? "" : value));
    }
}
