package org.keycloak.testframework.server;

import java.util.List;
import java.util.Set;

import io.github.sipgatesms.keycloak.it.support.CompatDistributionServer;

/**
 * Opens the framework's package-private view of a server configuration (the command line and the providers
 * it asks for) to {@code io.github.sipgatesms.keycloak.it.CompatDistributionServer}, which starts Keycloak
 * versions whose command line differs from the one the 26.7 framework writes.
 */
public final class ServerArgs {

    private ServerArgs() {
    }

    public static List<String> of(KeycloakServerConfigBuilder config) {
        return config.toArgs();
    }

    public static Set<KeycloakDependency> dependencies(KeycloakServerConfigBuilder config) {
        return config.toDependencies();
    }
}
