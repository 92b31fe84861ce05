package io.github.sipgatesms.keycloak.it.support;

import org.jboss.logging.Logger;
import org.keycloak.testframework.server.AbstractKeycloakServerSupplier;
import org.keycloak.testframework.server.KeycloakServer;

/**
 * Server supplier {@code distribution-compat} ({@code -Dkc.test.server=distribution-compat}): the framework's
 * distribution mode for servers older than the framework, see {@link CompatDistributionServer}. Registered
 * through {@link SuiteExtension}.
 */
public final class CompatDistributionServerSupplier extends AbstractKeycloakServerSupplier {

    private static final Logger LOG = Logger.getLogger(CompatDistributionServerSupplier.class);

    @Override
    public KeycloakServer getServer() {
        return new CompatDistributionServer(Long.getLong("kc.test.start.timeout", 180));
    }

    @Override
    public boolean requiresDatabase() {
        return true;
    }

    @Override
    public String getAlias() {
        return "distribution-compat";
    }

    @Override
    public Logger getLogger() {
        return LOG;
    }
}
