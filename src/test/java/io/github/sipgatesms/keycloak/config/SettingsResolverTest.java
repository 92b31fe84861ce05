package io.github.sipgatesms.keycloak.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.mockito.Mockito;

@DisplayName("one resolution of the settings for a request")
class SettingsResolverTest {

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final ClientModel client = mock(ClientModel.class);
    private final AuthenticationSessionModel authSession = mock(AuthenticationSessionModel.class);
    private final Map<String, List<AuthenticationExecutionModel>> flows = new HashMap<>();
    private final Map<String, AuthenticatorConfigModel> configs = new HashMap<>();
    private final Map<String, Object> attributes = new HashMap<>();
    private final ServerOptions server = new ServerOptions(Map.of("codeLength", "8", "phoneAttribute", "serverAttribute"));
    private final SettingsResolver cut = new SettingsResolver(server);

    @BeforeEach
    void wire() {
        when(realm.getId()).thenReturn("realm-1");
        when(realm.getAuthenticationExecutionsStream(anyString()))
            .thenAnswer(i -> flows.getOrDefault(i.getArgument(0, String.class), List.of()).stream());
        when(realm.getAuthenticationFlowById(anyString())).thenAnswer(i -> flow(i.getArgument(0)));
        when(realm.getAuthenticatorConfigById(anyString())).thenAnswer(i -> configs.get(i.getArgument(0, String.class)));
        when(client.getRealm()).thenReturn(realm);
        when(authSession.getClient()).thenReturn(client);
        when(authSession.getRealm()).thenReturn(realm);
        when(session.getAttribute(anyString(), eq(SmsConfig.class))).thenAnswer(i -> attributes.get(i.getArgument(0, String.class)));
        Mockito.doAnswer(i -> attributes.put(i.getArgument(0), i.getArgument(1))).when(session).setAttribute(anyString(), any());
        KeycloakContext context = mock(KeycloakContext.class);
        when(session.getContext()).thenReturn(context);
    }

    private static AuthenticationFlowModel flow(String id) {
        AuthenticationFlowModel flow = new AuthenticationFlowModel();
        flow.setId(id);
        flow.setAlias(id);
        return flow;
    }

    private void execution(String flowId, String authenticator, String configId) {
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setAuthenticator(authenticator);
        execution.setAuthenticatorConfig(configId);
        execution.setParentFlow(flowId);
        flows.computeIfAbsent(flowId, k -> new ArrayList<>()).add(execution);
    }

    private void subFlow(String flowId, String subFlowId) {
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setAuthenticatorFlow(true);
        execution.setFlowId(subFlowId);
        execution.setParentFlow(flowId);
        flows.computeIfAbsent(flowId, k -> new ArrayList<>()).add(execution);
    }

    private void config(String id, Map<String, String> values) {
        AuthenticatorConfigModel config = new AuthenticatorConfigModel();
        config.setId(id);
        config.setAlias(id);
        config.setConfig(new HashMap<>(values));
        configs.put(id, config);
    }

    @Test
    @DisplayName("the realm's browser flow: its sipgate-sms execution's config, then server options, then defaults")
    void realmFlow() {
        when(realm.getBrowserFlow()).thenReturn(flow("browser"));
        execution("browser", "auth-username-password-form", null);
        execution("browser", "sipgate-sms", "realm-cfg");
        config("realm-cfg", Map.of("phoneAttribute", "mobile"));

        SmsConfig resolved = cut.forFlow(session, realm, authSession);
        assertThat(resolved.phoneAttribute()).as("from the execution").isEqualTo("mobile");
        assertThat(resolved.codeLength()).as("from the server").isEqualTo(8);
        assertThat(resolved.codeTtlSeconds()).as("the default").isEqualTo(300);
    }

    @Test
    @DisplayName("a client's browser-flow override wins over the realm's browser flow")
    void overrideFlow() {
        when(realm.getBrowserFlow()).thenReturn(flow("browser"));
        execution("browser", "sipgate-sms", "realm-cfg");
        config("realm-cfg", Map.of("phoneAttribute", "realmAttribute"));
        when(client.getAuthenticationFlowBindingOverride("browser")).thenReturn("client-flow");
        execution("client-flow", "sipgate-sms", "client-cfg");
        config("client-cfg", Map.of("phoneAttribute", "clientAttribute"));

        assertThat(cut.forFlow(session, realm, authSession).phoneAttribute()).isEqualTo("clientAttribute");
    }

    @Test
    @DisplayName("without an auth session (account and admin requests) the request's client decides, else the realm's flow")
    void noAuthSession() {
        when(realm.getBrowserFlow()).thenReturn(flow("browser"));
        execution("browser", "sipgate-sms", "realm-cfg");
        config("realm-cfg", Map.of("phoneAttribute", "realmAttribute"));
        assertThat(cut.forFlow(session, realm, null).phoneAttribute()).isEqualTo("realmAttribute");

        attributes.clear();
        when(session.getContext().getClient()).thenReturn(client);
        when(client.getAuthenticationFlowBindingOverride("browser")).thenReturn("client-flow");
        execution("client-flow", "sipgate-sms", "client-cfg");
        config("client-cfg", Map.of("phoneAttribute", "clientAttribute"));
        assertThat(cut.forFlow(session, realm, null).phoneAttribute()).isEqualTo("clientAttribute");
    }

    @Test
    @DisplayName("sub-flows are searched depth-first; the first sipgate-sms execution with a config wins")
    void nestedSubFlow() {
        when(realm.getBrowserFlow()).thenReturn(flow("browser"));
        execution("browser", "auth-cookie", null);
        subFlow("browser", "forms");
        execution("browser", "sipgate-sms", "later-cfg");
        execution("forms", "auth-username-password-form", null);
        execution("forms", "sipgate-sms", null);
        subFlow("forms", "conditional-2fa");
        execution("conditional-2fa", "conditional-user-configured", null);
        execution("conditional-2fa", "sipgate-sms", "nested-cfg");
        config("nested-cfg", Map.of("phoneAttribute", "nested"));
        config("later-cfg", Map.of("phoneAttribute", "later"));

        assertThat(cut.forFlow(session, realm, authSession).phoneAttribute()).isEqualTo("nested");
    }

    @Test
    @DisplayName("no sipgate-sms execution in the flow: the server options, then the defaults")
    void noExecution() {
        when(realm.getBrowserFlow()).thenReturn(flow("browser"));
        execution("browser", "auth-username-password-form", null);

        SmsConfig resolved = cut.forFlow(session, realm, authSession);
        assertThat(resolved.phoneAttribute()).isEqualTo("serverAttribute");
        assertThat(resolved.codeLength()).isEqualTo(8);
    }

    @Test
    @DisplayName("an execution without a config, and no server options: the defaults")
    void noConfig() {
        when(realm.getBrowserFlow()).thenReturn(flow("browser"));
        execution("browser", "sipgate-sms", null);

        SmsConfig resolved = new SettingsResolver(ServerOptions.NONE).forFlow(session, realm, authSession);
        assertThat(resolved.phoneAttribute()).isEqualTo("phoneNumber");
        assertThat(resolved.codeLength()).isEqualTo(6);
        assertThat(resolved.hasCredentials()).isFalse();
    }

    @Test
    @DisplayName("the step's own config is used where it has one; without one, the flow's")
    void ownExecution() {
        when(realm.getBrowserFlow()).thenReturn(flow("browser"));
        execution("browser", "sipgate-sms", "first-cfg");
        config("first-cfg", Map.of("codeLength", "9"));
        config("own-cfg", Map.of("codeLength", "7"));

        assertThat(cut.forExecution(session, realm, configs.get("own-cfg"), authSession).codeLength()).isEqualTo(7);
        assertThat(cut.forExecution(session, realm, null, authSession).codeLength()).isEqualTo(9);
    }

    @Test
    @DisplayName("one request resolves the flow's settings once")
    void oncePerRequest() {
        when(realm.getBrowserFlow()).thenReturn(flow("browser"));
        execution("browser", "sipgate-sms", "realm-cfg");
        config("realm-cfg", Map.of("codeLength", "7"));

        SmsConfig first = cut.forFlow(session, realm, authSession);
        configs.get("realm-cfg").getConfig().put("codeLength", "9");
        assertThat(cut.forFlow(session, realm, authSession)).isSameAs(first);

        attributes.clear(); // the next request
        assertThat(cut.forFlow(session, realm, authSession).codeLength()).isEqualTo(9);
    }
}
