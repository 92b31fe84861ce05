package io.github.sipgatesms.keycloak.admin;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.github.sipgatesms.keycloak.config.SettingsResolver;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.limits.StoreGuarantee;
import io.github.sipgatesms.keycloak.sms.SmsSendException;
import io.github.sipgatesms.keycloak.sms.SmsSenders;
import io.github.sipgatesms.keycloak.sms.sipgate.SipgateAccountCheck;
import io.github.sipgatesms.keycloak.sms.sipgate.SipgateEndpoint;

/**
 * {@code GET /admin/realms/{realm}/sipgate-sms/test-connection} (served by {@link SmsAdminResource}): checks the
 * credentials of the realm SMS policy (the same resolution as every step) against sipgate without sending an SMS. Needs
 * manage-realm. The same rules as sending apply: vault references must resolve, server credentials only ever go to the
 * server's base URL, and the requests take one of the node's send permits. The answer never holds a secret, and names
 * outcomes only (reachable, credentials refused, another status class, unreachable), the account kind and the sender
 * recipients see ({@link SipgateAccountCheck}). It also reports whether Keycloak's single-use store keeps the promise the
 * limits rest on ({@code store}: {@code sound}, or what it did wrong; {@link StoreGuarantee}).
 */
final class TestConnection {

    private static final Logger LOG = Logger.getLogger(TestConnection.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final SettingsResolver settings;
    private final SmsSenders senders;

    TestConnection(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, SettingsResolver settings,
                   SmsSenders senders) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.settings = settings;
        this.senders = senders;
    }

    /** The answer for the realm SMS policy (with the server options and defaults it falls back to). */
    Map<String, Object> check() {
        auth.realm().requireManageRealm();
        SmsConfig config = settings.forRealm(session, realm);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("config", "realm SMS policy");
        answer.put("credentials", config.credentials().label());
        answer.put("baseUrl", config.baseUrl());
        answer.put("smsId", config.smsId());
        // SECURITY.md 44: checked anew on every test (the steps check once per node, at their first SMS)
        String store = StoreGuarantee.probe(session.singleUseObjects());
        answer.put("store", store == null ? "sound" : store);
        if (store != null) {
            LOG.errorf("sipgate-sms: connection test in realm '%s': %s", realm.getName(), store);
        }
        if (config.simulation()) {
            answer.put("tokenWorks", false);
            answer.put("message", "simulation is on for this realm: codes are logged, sipgate is not called");
            return answer;
        }
        SipgateEndpoint endpoint;
        try {
            endpoint = SipgateEndpoint.resolve(session, config);
        } catch (SmsSendException e) {
            answer.put("tokenWorks", false);
            answer.put("message", e.getMessage());
            return answer;
        }
        SipgateAccountCheck.Result result;
        // one of the node's send permits: a burst of tests waits on sipgate no more than a burst of logins could
        try (SmsSenders.Permit permit = senders.permit()) {
            HttpClientProvider http = session.getProvider(HttpClientProvider.class);
            result = new SipgateAccountCheck(http.getHttpClient(), http.getMaxConsumedResponseSize(), senders.timer(), senders.timeouts())
                .check(endpoint);
        } catch (SmsSendException busy) {
            answer.put("tokenWorks", false);
            answer.put("message", "the node's max-concurrent-sends requests to sipgate are in flight; try again in a moment");
            return answer;
        }
        answer.put("tokenWorks", result.tokenWorks());
        answer.put("result", result.reach().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        answer.put("statusClass", result.statusClass());
        answer.put("smsIdVerified", result.smsIdFound() != null);
        answer.put("smsIdExists", result.smsIdFound());
        answer.put("account", result.account());
        answer.put("sender", result.sender());
        answer.put("missingScopes", result.missingScopes());
        answer.put("message", result.message());
        LOG.infof("sipgate-sms: connection test in realm '%s' (%s): %s, account %s", realm.getName(), answer.get("config"),
            answer.get("result"), result.account() == null ? "not told" : result.account());
        return answer;
    }
}
