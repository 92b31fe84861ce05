package io.github.sipgatesms.keycloak.it.support;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.testframework.TestFrameworkExtension;
import org.keycloak.testframework.injection.Supplier;
import org.keycloak.testframework.server.AbstractKeycloakServerSupplier;
import org.keycloak.testframework.server.KeycloakServer;

/**
 * Server supplier {@code distribution-compat} ({@code -Dkc.test.server=distribution-compat}): the framework's
 * distribution mode for servers older than the framework, see {@link CompatDistributionServer}. Registered
 * through {@link Extension} (META-INF/services of the test classpath).
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

    public static final class Extension implements TestFrameworkExtension {
        @Override
        public List<Supplier<?, ?>> suppliers() {
            return List.of(new CompatDistributionServerSupplier());
        }
    }
}
