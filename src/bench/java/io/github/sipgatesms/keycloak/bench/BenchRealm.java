package io.github.sipgatesms.keycloak.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.ws.rs.core.Response;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ComponentExportRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The benchmark realm, set up through Keycloak's admin client with the bootstrap admin: one browser flow and one
 * client per {@link Flow}, the users, and no send limit that could fire (the benchmark measures the cost of a send,
 * not the refusals).
 */
final class BenchRealm implements AutoCloseable {

    static final String NAME = "bench";
    private static final int IMPORT_BATCH = 200;

    private final Keycloak admin;

    BenchRealm() {
        admin = KeycloakBuilder.builder().serverUrl(BenchmarkServer.BASE).realm("master").clientId("admin-cli")
            .username("admin").password("admin").build();
    }

    RealmResource resource() {
        return admin.realm(NAME);
    }

    /** Creates the realm, its flows and clients, and imports the users. */
    void create(List<BenchUser> users) throws InterruptedException {
        admin.realms().create(realm());
        importUsers(users.stream().map(BenchUser::representation).toList());
        List<AuthenticationFlowRepresentation> flows = resource().flows().getFlows();
        for (Flow flow : Flow.withClient()) {
            String flowId = flows.stream().filter(f -> f.getAlias().equals(flow.client())).findFirst().orElseThrow().getId();
            ClientRepresentation client = new ClientRepresentation();
            client.setClientId(flow.client());
            client.setPublicClient(true);
            client.setStandardFlowEnabled(true);
            client.setDirectAccessGrantsEnabled(false);
            client.setRedirectUris(List.of(LoginDriver.REDIRECT));
            client.setAuthenticationFlowBindingOverrides(Map.of("browser", flowId));
            try (Response response = resource().clients().create(client)) {
                expectSuccess(response, "client " + flow.client());
            }
        }
    }

    /** Keycloak hashes each password on import: two batches at a time on two cores. */
    private void importUsers(List<UserRepresentation> users) throws InterruptedException {
        ExecutorService importers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> batches = new ArrayList<>();
            for (int from = 0; from < users.size(); from += IMPORT_BATCH) {
                PartialImportRepresentation batch = new PartialImportRepresentation();
                batch.setIfResourceExists("FAIL");
                batch.setUsers(users.subList(from, Math.min(users.size(), from + IMPORT_BATCH)));
                batches.add(importers.submit(() -> {
                    try (Response response = resource().partialImport(batch)) {
                        expectSuccess(response, "user import");
                    }
                    return null;
                }));
            }
            for (Future<?> batch : batches) {
                batch.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("user import failed", e.getCause());
        } finally {
            importers.shutdown();
        }
    }

    private static void expectSuccess(Response response, String what) {
        if (response.getStatus() / 100 != 2) {
            throw new IllegalStateException(what + ": " + response.getStatus() + " " + response.readEntity(String.class));
        }
    }

    private static RealmRepresentation realm() {
        RealmRepresentation realm = new RealmRepresentation();
        realm.setRealm(NAME);
        realm.setEnabled(true);
        realm.setBrowserFlow(Flow.A.client());
        realm.setAuthenticationFlows(List.of(
            flow(Flow.A, execution("auth-username-password-form", 10, null)),
            flow(Flow.B, execution("auth-username-password-form", 10, null), execution("auth-otp-form", 20, null)),
            flow(Flow.C, execution("auth-username-password-form", 10, null), execution("sipgate-sms", 20, null)),
            flow(Flow.P, execution("sipgate-sms-phone-login", 10, null))));
        // the realm SMS policy (the "SMS (sipgate)" tab): limits out of the way of the measurement
        ComponentExportRepresentation policy = new ComponentExportRepresentation();
        policy.setName("SMS (sipgate)");
        policy.setProviderId("sipgate-sms");
        MultivaluedHashMap<String, String> values = new MultivaluedHashMap<>();
        Map.of("resendCooldownSeconds", "0", "maxSmsPerUserPerHour", "1000000", "maxSmsPerNumberPerHour", "1000000",
            "maxSmsPerRealmPerHour", "1000000", "maxSmsPerAddressPerHour", "1000000").forEach(values::putSingle);
        policy.setConfig(values);
        MultivaluedHashMap<String, ComponentExportRepresentation> components = new MultivaluedHashMap<>();
        components.add("org.keycloak.services.ui.extend.UiTabProvider", policy);
        realm.setComponents(components);
        return realm;
    }

    private static AuthenticationFlowRepresentation flow(Flow flow, AuthenticationExecutionExportRepresentation... executions) {
        AuthenticationFlowRepresentation representation = new AuthenticationFlowRepresentation();
        representation.setAlias(flow.client());
        representation.setProviderId("basic-flow");
        representation.setTopLevel(true);
        representation.setBuiltIn(false);
        representation.setAuthenticationExecutions(List.of(executions));
        return representation;
    }

    private static AuthenticationExecutionExportRepresentation execution(String authenticator, int priority, String config) {
        AuthenticationExecutionExportRepresentation execution = new AuthenticationExecutionExportRepresentation();
        execution.setAuthenticator(authenticator);
        execution.setAuthenticatorConfig(config);
        execution.setRequirement("REQUIRED");
        execution.setPriority(priority);
        execution.setAuthenticatorFlow(false);
        execution.setUserSetupAllowed(false);
        return execution;
    }

    @Override
    public void close() {
        admin.close();
    }
}
