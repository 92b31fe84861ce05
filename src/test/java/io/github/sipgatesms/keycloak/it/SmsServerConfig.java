package io.github.sipgatesms.keycloak.it;

import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

import io.github.sipgatesms.keycloak.testsupport.FakeSipgate;

/**
 * The one server all integration tests share (the framework restarts the server whenever the config
 * class differs). It deploys the built, shaded jar (target/keycloak-sipgate-sms.jar, made resolvable by
 * the pom's built-jar profile) and takes the sipgate credentials from the server-wide options, pointed
 * at the shared fake sipgate.
 */
public final class SmsServerConfig implements KeycloakServerConfig {

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        FakeSipgate sipgate = SharedSipgate.get();
        config.log().categoryLevel("io.github.sipgatesms", "DEBUG");
        return config
            .dependency("io.github.sipgatesms", "keycloak-sipgate-sms-built")
            .spiOption("authenticator", "sipgate-sms", "sipgate-token-id", FakeSipgate.TOKEN_ID)
            .spiOption("authenticator", "sipgate-sms", "sipgate-token", FakeSipgate.TOKEN)
            .spiOption("authenticator", "sipgate-sms", "sipgate-base-url", sipgate.baseUrl());
    }
}
