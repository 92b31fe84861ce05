package io.github.sipgatesms.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.info.ProviderRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import io.github.sipgatesms.keycloak.it.support.ServerVersion;
import io.github.sipgatesms.keycloak.it.support.SmsServerConfig;

@KeycloakIntegrationTest(config = SmsServerConfig.class)
@DisplayName("the shipped jar")
class BuiltJarIT {

    private static final Path JAR = Path.of("target", "keycloak-sipgate-sms.jar");

    @InjectAdminClient
    Keycloak admin;

    @Test
    @DisplayName("is one drop-in file: libphonenumber relocated inside, theme resources and SPI registration included")
    void selfContained() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            assertThat(names).contains(
                "META-INF/services/org.keycloak.authentication.AuthenticatorFactory",
                "theme-resources/templates/login-sipgate-sms.ftl",
                "theme-resources/messages/messages_en.properties",
                "theme-resources/messages/messages_de.properties",
                "theme-resources/templates/sipgate-sms-register-phone.ftl",
                "theme-resources/templates/sipgate-sms-passkey-nudge.ftl",
                "META-INF/services/org.keycloak.authentication.RequiredActionFactory",
                "META-INF/services/org.keycloak.credential.CredentialProviderFactory",
                "META-INF/services/org.keycloak.protocol.ProtocolMapper",
                "META-INF/services/org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory",
                "META-INF/services/org.keycloak.events.EventListenerProviderFactory");
            assertThat(names).anyMatch(n -> n.startsWith("io/github/sipgatesms/keycloak/shaded/phonenumbers/"));
            assertThat(names).noneMatch(n -> n.startsWith("com/google/i18n/"));
            assertThat(names).noneMatch(n -> n.startsWith("org/keycloak/"));
            assertThat(jar.getManifest().getMainAttributes().getValue("Implementation-Version")).isEqualTo(projectVersion());
        }
    }

    @Test
    @DisplayName("is what the server under test loaded: it offers sipgate-sms, the realm tab with its form, and the phone claims mapper")
    void loadedByTheServer() {
        assertThat(admin.serverInfo().getInfo().getSystemInfo().getVersion()).isEqualTo(ServerVersion.current());
        ProviderRepresentation provider = admin.serverInfo().getInfo().getProviders().get("authenticator").getProviders().get("sipgate-sms");
        assertThat(provider).as("sipgate-sms registered").isNotNull();
        assertThat(provider.getOperationalInfo()).as("admin console provider info")
            .containsEntry("version", projectVersion()).containsEntry("server-credentials", "true").containsEntry("allow-simulation", "false")
            .containsEntry("credentials", "server-wide options");
        assertThat(admin.serverInfo().getInfo().getProviders().get("required-action").getProviders())
            .containsKeys("sipgate-sms-register-phone", "sipgate-sms-passkey-nudge");
        assertThat(admin.serverInfo().getInfo().getProviders().get("credential").getProviders()).containsKey("sipgate-sms");
        assertThat(admin.serverInfo().getInfo().getProviders().get("protocol-mapper").getProviders()).containsKey("sipgate-sms-phone");
        assertThat(admin.serverInfo().getInfo().getProviders().get("eventsListener").getProviders())
            .as("the global listener: Keycloak's unlock clears the wrong-code bound, signing out all devices voids trusted browsers").containsKey("sipgate-sms");
        var description = admin.realm("master").flows().getAuthenticatorConfigDescription("sipgate-sms");
        assertThat(description.getName()).isEqualTo("SMS code (sipgate)");
        assertThat(description.getProperties()).as("the step has no settings of its own: they are the realm's policy").isEmpty();
        var policy = admin.serverInfo().getInfo().getComponentTypes().get("org.keycloak.services.ui.extend.UiTabProvider").stream()
            .filter(type -> "sipgate-sms".equals(type.getId())).findFirst().orElseThrow();
        assertThat(policy.getMetadata()).as("a tab of Realm settings").containsEntry("path", "/:realm/realm-settings/:tab?");
        assertThat(policy.getProperties()).extracting(p -> p.getName()).containsExactly(
            "sipgateBaseUrl", "sipgateTokenId", "sipgateToken", "sipgateSmsId", "codeLength", "codeTtlSeconds",
            "maxAttempts", "resendCooldownSeconds", "maxSmsPerUserPerHour", "maxSmsPerNumberPerHour",
            "maxSmsPerRealmPerHour", "maxSmsPerAddressPerHour", "registrationSharePercent", "prooflessSharePercent", "allowedRegions", "phoneAttribute",
            "defaultRegion", "simulation",
            "trustBrowserDays", "passkeyNudgeDays");
        assertThat(policy.getProperties()).filteredOn(p -> p.getName().equals("sipgateToken"))
            .allSatisfy(p -> assertThat(p.isSecret()).isTrue());
        assertThat(policy.getProperties()).as("no pre-filled field: saving the tab unchanged must not pin a default")
            .allSatisfy(p -> assertThat(p.getDefaultValue()).as(p.getName()).isNull());
    }

    /** The pom's version, handed over by Failsafe: the jar and the provider info must say the one being built. */
    private static String projectVersion() {
        String version = System.getProperty("project.version");
        assertThat(version).as("system property project.version (set by the pom's failsafe configuration)").isNotBlank();
        return version;
    }
}
