package io.github.sipgatesms.keycloak.it.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;

import org.keycloak.testframework.server.KeycloakDependency;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * The one place that reaches into the Keycloak test framework beyond its public API: the command line and the
 * providers a server configuration asks for ({@code KeycloakServerConfigBuilder.toArgs()} and
 * {@code toDependencies()}, package-private in 26.7.0), which {@link CompatDistributionServer} needs to start
 * servers the framework's own distribution mode cannot. {@code FrameworkServerArgsTest} fails loudly, with the
 * method it misses, when a framework upgrade renames or removes them.
 */
public final class FrameworkServerArgs {

    private FrameworkServerArgs() {
    }

    /** The arguments the framework would pass to {@code kc.sh}. */
    @SuppressWarnings("unchecked")
    public static List<String> of(KeycloakServerConfigBuilder config) {
        return (List<String>) call(config, "toArgs");
    }

    /** The provider jars the framework would deploy (the current project and the remote providers). */
    @SuppressWarnings("unchecked")
    public static Set<KeycloakDependency> dependencies(KeycloakServerConfigBuilder config) {
        return (Set<KeycloakDependency>) call(config, "toDependencies");
    }

    private static Object call(KeycloakServerConfigBuilder config, String name) {
        try {
            Method method = KeycloakServerConfigBuilder.class.getDeclaredMethod(name);
            method.setAccessible(true);
            return method.invoke(config);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("the Keycloak test framework changed: KeycloakServerConfigBuilder." + name
                + "() is gone or closed; CompatDistributionServer needs a new way to read the server configuration", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("KeycloakServerConfigBuilder." + name + "() failed", e.getCause());
        }
    }
}
