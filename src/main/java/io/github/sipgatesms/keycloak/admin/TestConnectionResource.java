package io.github.sipgatesms.keycloak.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.logging.Logger;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.github.sipgatesms.keycloak.config.ServerOptions;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.sms.SmsSendException;
import io.github.sipgatesms.keycloak.sms.SmsSenderSelector;
import io.github.sipgatesms.keycloak.sms.sipgate.SipgateAccountCheck;
import io.github.sipgatesms.keycloak.sms.sipgate.SipgateEndpoint;

/**
 * {@code GET /admin/realms/{realm}/sipgate-sms/test-connection[?config=<authenticator config alias>]}: checks the
 * credentials an execution would use (or the server-wide ones) against sipgate without sending an SMS. Needs
 * manage-realm. The same rules as sending apply: vault references must resolve, and server credentials only
 * ever go to the server's base URL. The answer never holds a secret.
 */
public final class TestConnectionResource {

    private static final Logger LOG = Logger.getLogger(TestConnectionResource.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final ServerOptions serverOptions;
    private final SmsSenderSelector senders;

    TestConnectionResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, ServerOptions serverOptions,
                           SmsSenderSelector senders) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.serverOptions = serverOptions;
        this.senders = senders;
    }

    @GET
    @Path("test-connection")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> testConnection(@QueryParam("config") String alias) {
        auth.realm().requireManageRealm();
        Map<String, String> values = Map.of();
        if (alias != null && !alias.isBlank()) {
            AuthenticatorConfigModel model = realm.getAuthenticatorConfigByAlias(alias);
            if (model == null) {
                throw new NotFoundException("no authenticator config with alias '" + alias + "' in realm '" + realm.getName() + "'");
            }
            values = model.getConfig();
        }
        SmsConfig config = SmsConfig.of(values, serverOptions);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("config", alias == null || alias.isBlank() ? "(server-wide options)" : alias);
        answer.put("credentials", config.credentialsFromServer() ? "server-wide options" : "execution config");
        answer.put("baseUrl", config.baseUrl());
        answer.put("smsId", config.smsId());
        if (config.simulation()) {
            answer.put("tokenWorks", false);
            answer.put("message", "simulation is on for this config: codes are logged, sipgate is not called");
            return answer;
        }
        SipgateEndpoint endpoint;
        try {
            endpoint = SmsSenderSelector.endpoint(session, config);
        } catch (SmsSendException e) {
            answer.put("tokenWorks", false);
            answer.put("message", e.getMessage());
            return answer;
        }
        HttpClientProvider http = session.getProvider(HttpClientProvider.class);
        SipgateAccountCheck.Result result = new SipgateAccountCheck(http.getHttpClient(), http.getMaxConsumedResponseSize(),
            senders.timer(), senders.timeouts()).check(endpoint);
        answer.put("tokenWorks", result.tokenWorks());
        answer.put("status", result.status());
        answer.put("smsIdVerified", result.smsIdFound() != null);
        answer.put("smsIdExists", result.smsIdFound());
        answer.put("smsIds", result.smsIds());
        answer.put("message", result.message());
        LOG.infof("sipgate-sms: connection test in realm '%s' (%s): %s", realm.getName(), answer.get("config"), result.message());
        return answer;
    }
}
