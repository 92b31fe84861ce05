package io.github.sipgatesms.keycloak.it.support;

import java.util.List;

import org.keycloak.testframework.TestFrameworkExtension;
import org.keycloak.testframework.injection.Supplier;

/**
 * The suite's additions to the Keycloak test framework (registered in META-INF/services of the test classpath):
 * the server supplier {@code distribution-compat} and the browser supplier {@code chromium-headless}.
 */
public final class SuiteExtension implements TestFrameworkExtension {

    @Override
    public List<Supplier<?, ?>> suppliers() {
        return List.of(new CompatDistributionServerSupplier(), new ChromiumWebDriverSupplier());
    }
}
