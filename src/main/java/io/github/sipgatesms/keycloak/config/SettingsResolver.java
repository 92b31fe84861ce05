package io.github.sipgatesms.keycloak.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowBindings;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.AuthenticationFlowResolver;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The one place that turns "this request" into settings, for the login step, {@code configuredFor}, the number
 * registration, the connection test and provider info alike: the config of the {@code sipgate-sms} execution in the
 * flow being run (the client's browser-flow override, else the realm's browser flow; sub-flows searched depth-first;
 * the first {@code sipgate-sms} execution with a config wins), then the server options, then the defaults.
 * The result is kept in the Keycloak session, so one request resolves it once.
 */
public final class SettingsResolver {

    /** The authenticator's provider id, whose executions hold the settings. */
    public static final String PROVIDER_ID = "sipgate-sms";

    private static final Logger LOG = Logger.getLogger(SettingsResolver.class);
    private static final String CACHE = "sipgate-sms.settings.";
    /** Enough for every config of a large installation; beyond it the INFO may repeat, nothing else changes. */
    private static final int MAX_REMEMBERED = 10_000;

    private final ServerOptions server;
    private final SmsConfig serverDefaults;
    /** Overrides already named in the log on this node (an INFO at first use, not on every login). */
    private final Set<String> namedOverrides = ConcurrentHashMap.newKeySet();

    public SettingsResolver(ServerOptions server) {
        this.server = server;
        this.serverDefaults = SmsConfig.of(Map.of(), server);
    }

    public ServerOptions serverOptions() {
        return server;
    }

    /** What applies where no execution config exists: the server options, else the defaults (provider info). */
    public SmsConfig serverDefaults() {
        return serverDefaults;
    }

    /**
     * The settings of the flow this request runs: {@code authSession} may be null (admin and account requests),
     * then the client of the request decides, else the realm's browser flow.
     */
    public SmsConfig forFlow(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession) {
        AuthenticationFlowModel flow = browserFlow(session, realm, authSession);
        String cacheKey = CACHE + realm.getId() + "." + (flow == null ? "-" : flow.getId());
        SmsConfig cached = session.getAttribute(cacheKey, SmsConfig.class);
        if (cached != null) {
            return cached;
        }
        SmsConfig resolved = toSettings(flow == null ? null : firstConfig(realm, flow));
        session.setAttribute(cacheKey, resolved);
        return resolved;
    }

    /** The settings of one execution: its own config where it has one, else those of the flow. */
    public SmsConfig forExecution(KeycloakSession session, RealmModel realm, AuthenticatorConfigModel own,
                                  AuthenticationSessionModel authSession) {
        if (own == null) {
            return forFlow(session, realm, authSession);
        }
        String cacheKey = CACHE + realm.getId() + ".config." + own.getId();
        SmsConfig cached = session.getAttribute(cacheKey, SmsConfig.class);
        if (cached != null) {
            return cached;
        }
        SmsConfig resolved = toSettings(own);
        session.setAttribute(cacheKey, resolved);
        return resolved;
    }

    /** The settings of a named execution config (the connection test's {@code ?config=}). */
    public SmsConfig forConfig(AuthenticatorConfigModel config) {
        return toSettings(config);
    }

    /** The config of the first {@code sipgate-sms} execution with one in the flow, depth-first, or null. */
    static AuthenticatorConfigModel firstConfig(RealmModel realm, AuthenticationFlowModel flow) {
        List<AuthenticationExecutionModel> executions = new ArrayList<>();
        KeycloakModelUtils.deepFindAuthenticationExecutions(realm, flow, executions);
        for (AuthenticationExecutionModel execution : executions) {
            if (PROVIDER_ID.equals(execution.getAuthenticator()) && execution.getAuthenticatorConfig() != null) {
                AuthenticatorConfigModel config = realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig());
                if (config != null) {
                    return config;
                }
            }
        }
        return null;
    }

    private static AuthenticationFlowModel browserFlow(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession) {
        if (authSession != null && authSession.getClient() != null) {
            try {
                return AuthenticationFlowResolver.resolveBrowserFlow(authSession);
            } catch (ModelException e) {
                // a client asked for a flow that does not exist; Keycloak refuses that login itself
                return realm.getBrowserFlow();
            }
        }
        ClientModel client = session.getContext() == null ? null : session.getContext().getClient();
        if (client != null && realm.getId().equals(client.getRealm().getId())) {
            AuthenticationFlowModel override = AuthenticationFlowResolver.resolveBindingOverrideFlowForClient(client,
                AuthenticationFlowBindings.BROWSER_BINDING);
            if (override != null) {
                return override;
            }
        }
        return realm.getBrowserFlow();
    }

    private SmsConfig toSettings(AuthenticatorConfigModel config) {
        if (config == null || config.getConfig() == null) {
            return serverDefaults;
        }
        nameOverrides(config);
        return SmsConfig.of(config.getConfig(), server);
    }

    /** One INFO line per node for each stored value that overrides a server option. */
    private void nameOverrides(AuthenticatorConfigModel config) {
        for (Setting setting : Setting.executionSettings()) {
            String stored = config.getConfig().get(setting.key());
            String serverValue = server.get(setting);
            if (stored == null || stored.isBlank() || serverValue == null || serverValue.equals(stored.trim())
                || (setting == Setting.SIMULATION && !"true".equalsIgnoreCase(stored.trim()))) {
                continue;
            }
            String key = config.getId() + "/" + setting.key() + "/" + stored.hashCode();
            if (namedOverrides.size() > MAX_REMEMBERED) {
                namedOverrides.clear();
            }
            if (namedOverrides.add(key)) {
                LOG.infof("sipgate-sms: execution config '%s' sets '%s'%s, overriding the server option %s. Clear the field "
                    + "in the step's configuration to use the server's value.", config.getAlias(), setting.key(),
                    setting.secret() ? "" : " = '" + stored.trim() + "'", setting.optionName());
            }
        }
    }
}
