package io.github.sipgatesms.keycloak.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.github.sipgatesms.keycloak.testsupport.AuthSessions;

@DisplayName("the WARN about a step that no credential precedes: once per execution and node, never where a credential came first")
class ProoflessFlowsTest {

    private final ProoflessFlows cut = new ProoflessFlows();
    private final AuthenticationFlowContext context = mock(AuthenticationFlowContext.class);
    private final AuthenticationSessionModel authSession = AuthSessions.create("root", "tab");

    @BeforeEach
    void wire() {
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setId("execution-1");
        AuthenticationFlowModel flow = new AuthenticationFlowModel();
        flow.setAlias("identifier first");
        RealmModel realm = mock(RealmModel.class);
        when(realm.getName()).thenReturn("acme");
        when(context.getExecution()).thenReturn(execution);
        when(context.getTopLevelFlow()).thenReturn(flow);
        when(context.getRealm()).thenReturn(realm);
        authSession.setAuthNote(AuthenticationProcessor.CURRENT_FLOW_PATH, "authenticate");
    }

    private EarlierProof proof() {
        return EarlierProof.of(authSession, () -> false);
    }

    @Test
    @DisplayName("a Username Form alone: warned at the first use, not again")
    void oncePerExecution() {
        assertThat(cut.firstUse(context, proof())).isTrue();
        assertThat(cut.firstUse(context, proof())).isFalse();
        AuthenticationExecutionModel other = new AuthenticationExecutionModel();
        other.setId("execution-2");
        when(context.getExecution()).thenReturn(other);
        assertThat(cut.firstUse(context, proof())).as("another execution").isTrue();
    }

    @Test
    @DisplayName("a reset flow is named too")
    void reset() {
        authSession.setAuthNote(AuthenticationProcessor.CURRENT_FLOW_PATH, "reset-credentials");
        assertThat(cut.firstUse(context, proof())).isTrue();
    }

    @Test
    @DisplayName("after a password: no WARN")
    void afterPassword() {
        authSession.setAuthNote(AuthenticationManager.PASSWORD_VALIDATED, "true");
        assertThat(cut.firstUse(context, proof())).isFalse();
    }

    @Test
    @DisplayName("steps that need a user before the proof-less step (Reset Password appended before it) are named; Choose User is not")
    void userStepsBeforeNamed() {
        RealmModel realm = context.getRealm();
        KeycloakSession session = mock(KeycloakSession.class);
        KeycloakSessionFactory factories = mock(KeycloakSessionFactory.class);
        when(context.getSession()).thenReturn(session);
        when(session.getKeycloakSessionFactory()).thenReturn(factories);
        factory(factories, session, "reset-credentials-choose-user", "Choose User", false);
        factory(factories, session, "reset-password", "Reset Password", true);
        AuthenticationExecutionModel step = execution("sipgate-sms", 30);
        when(context.getExecution()).thenReturn(step);
        when(realm.getAuthenticationExecutionsStream("flow-1")).thenAnswer(call -> Stream.of(
            execution("reset-credentials-choose-user", 10), execution("reset-password", 20), step));
        assertThat(ProoflessFlows.userStepsBefore(context)).contains("Steps that need a user run before it: Reset Password.")
            .contains("move the SMS step right below 'Choose User'");

        when(realm.getAuthenticationExecutionsStream("flow-1")).thenAnswer(call -> Stream.of(
            execution("reset-credentials-choose-user", 10), execution("sipgate-sms", 15), execution("reset-password", 20)));
        when(context.getExecution()).thenReturn(execution("sipgate-sms", 15));
        assertThat(ProoflessFlows.userStepsBefore(context)).as("right below Choose User").isEmpty();
    }

    private static AuthenticationExecutionModel execution(String provider, int priority) {
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setId(provider);
        execution.setAuthenticator(provider);
        execution.setPriority(priority);
        execution.setParentFlow("flow-1");
        execution.setRequirement(AuthenticationExecutionModel.Requirement.REQUIRED);
        return execution;
    }

    private static void factory(KeycloakSessionFactory factories, KeycloakSession session, String id, String name, boolean requiresUser) {
        AuthenticatorFactory factory = mock(AuthenticatorFactory.class);
        Authenticator authenticator = mock(Authenticator.class);
        when(factory.getDisplayType()).thenReturn(name);
        when(factory.create(session)).thenReturn(authenticator);
        when(authenticator.requiresUser()).thenReturn(requiresUser);
        when(factories.getProviderFactory(Authenticator.class, id)).thenReturn((ProviderFactory) factory);
    }
}
