package io.github.sipgatesms.keycloak.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.RealmModel;
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
}
