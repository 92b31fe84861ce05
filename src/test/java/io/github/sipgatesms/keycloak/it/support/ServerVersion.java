package io.github.sipgatesms.keycloak.it.support;

/**
 * The Keycloak server version under test (failsafe passes {@code keycloak.server.version}; the framework starts that
 * distribution). For the few assertions where Keycloak itself behaves differently by version.
 */
public final class ServerVersion {

    private ServerVersion() {
    }

    public static String current() {
        return System.getProperty("keycloak.server.version", "26.7.3");
    }

    public static boolean atLeast(int major, int minor, int patch) {
        String[] parts = current().split("[.-]");
        int[] wanted = {major, minor, patch};
        for (int i = 0; i < 3; i++) {
            int have = i < parts.length ? Integer.parseInt(parts[i]) : 0;
            if (have != wanted[i]) {
                return have > wanted[i];
            }
        }
        return true;
    }
}
