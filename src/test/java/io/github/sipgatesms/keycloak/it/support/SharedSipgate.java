package io.github.sipgatesms.keycloak.it.support;

import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;

/** One fake sipgate for the whole test JVM: the server is configured with its URL once. */
public final class SharedSipgate {

    private static FakeSipgate instance;

    private SharedSipgate() {
    }

    public static synchronized FakeSipgate get() {
        if (instance == null) {
            instance = FakeSipgate.start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close));
        }
        return instance;
    }
}
