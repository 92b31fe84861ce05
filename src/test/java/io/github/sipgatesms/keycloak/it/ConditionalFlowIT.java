package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;

import io.github.sipgatesms.keycloak.it.support.SmsRealmConfig;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;

@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("'Condition - user configured' runs the SMS step only for users with a number")
class ConditionalFlowIT extends SmsBrowserTest {

    /** password, then a CONDITIONAL sub-flow: "Condition - user configured" + sipgate-sms. */
    public static class ConditionalRealm extends SmsRealmConfig {
        @Override
        protected RealmBuilder realmSettings(RealmBuilder realm) {
            return realm.update(rep -> {
                AuthenticationFlowRepresentation top = rep.getAuthenticationFlows().get(0);
                AuthenticationExecutionExportRepresentation sms = top.getAuthenticationExecutions().get(1);
                sms.setPriority(20);

                AuthenticationExecutionExportRepresentation condition = new AuthenticationExecutionExportRepresentation();
                condition.setAuthenticator("conditional-user-configured");
                condition.setRequirement("REQUIRED");
                condition.setPriority(10);
                condition.setAuthenticatorFlow(false);

                AuthenticationFlowRepresentation sub = new AuthenticationFlowRepresentation();
                sub.setAlias("sms-if-configured");
                sub.setProviderId("basic-flow");
                sub.setTopLevel(false);
                sub.setBuiltIn(false);
                sub.setAuthenticationExecutions(new ArrayList<>(List.of(condition, sms)));

                AuthenticationExecutionExportRepresentation subFlow = new AuthenticationExecutionExportRepresentation();
                subFlow.setFlowAlias("sms-if-configured");
                subFlow.setRequirement("CONDITIONAL");
                subFlow.setPriority(20);
                subFlow.setAuthenticatorFlow(true);
                top.setAuthenticationExecutions(new ArrayList<>(List.of(top.getAuthenticationExecutions().get(0), subFlow)));

                List<AuthenticationFlowRepresentation> flows = new ArrayList<>(rep.getAuthenticationFlows());
                flows.add(sub);
                rep.setAuthenticationFlows(flows);
            });
        }
    }

    @InjectRealm(config = ConditionalRealm.class)
    ManagedRealm realm;

    @Override
    ManagedRealm realm() {
        return realm;
    }

    @Test
    @DisplayName("a user without a number logs in with the password only, and no SMS is sent")
    void skippedWithoutNumber() {
        newUser("plain", null);
        passwordStep("plain", PASSWORD);
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();
        assertThat(sipgate.requests()).isEmpty();
    }

    @Test
    @DisplayName("a user with a number gets the SMS step")
    void runsWithNumber() {
        String number = freshNumber();
        newUser("secured", number);
        passwordStep("secured", PASSWORD);
        codePage.assertCurrent();
        codePage.submitCode(sipgate.lastTo(number).orElseThrow().code());
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();
    }

    @Test
    @DisplayName("the condition sees the step's phoneAttribute: a user with only 'mobile' gets the SMS step")
    void runsWithTheStepsAttribute() {
        policy(Map.of("phoneAttribute", "mobile"));
        String number = freshNumber();
        newUser("mobileuser", "mobile", number);
        passwordStep("mobileuser", PASSWORD);
        codePage.assertCurrent();
        codePage.submitCode(sipgate.lastTo(number).orElseThrow().code());
        assertThat(oauth.parseLoginResponse().isSuccess()).isTrue();
    }
}
