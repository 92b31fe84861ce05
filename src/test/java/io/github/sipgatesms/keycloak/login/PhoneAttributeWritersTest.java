package io.github.sipgatesms.keycloak.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderStorageProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

@DisplayName("the first-use WARN names directory mappers and identity-provider importers that write the phone attribute")
class PhoneAttributeWritersTest {

    private static ComponentModel ldapMapper(String name, String attribute) {
        ComponentModel mapper = new ComponentModel();
        mapper.setName(name);
        mapper.setProviderType("org.keycloak.storage.ldap.mappers.LDAPStorageMapper");
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("user.model.attribute", attribute);
        mapper.setConfig(config);
        return mapper;
    }

    private static IdentityProviderMapperModel importer(String name, String alias, String attribute) {
        IdentityProviderMapperModel mapper = new IdentityProviderMapperModel();
        mapper.setName(name);
        mapper.setIdentityProviderAlias(alias);
        mapper.setConfig(Map.of("user.attribute", attribute));
        return mapper;
    }

    @Test
    @DisplayName("only the mappers writing that attribute")
    void namesTheWriters() {
        KeycloakSession session = mock(KeycloakSession.class);
        RealmModel realm = mock(RealmModel.class);
        IdentityProviderStorageProvider idps = mock(IdentityProviderStorageProvider.class);
        when(session.identityProviders()).thenReturn(idps);
        when(realm.getComponentsStream()).thenAnswer(call -> Stream.of(ldapMapper("mobile", "phoneNumber"), ldapMapper("mail", "email")));
        when(idps.getMappersStream()).thenAnswer(call -> Stream.of(importer("phone from idp", "corp", "phoneNumber"),
            importer("name", "corp", "firstName")));
        assertThat(PhoneAttributeWarning.writers(session, realm, "phoneNumber"))
            .containsExactly("the directory mapper 'mobile'", "the identity-provider mapper 'phone from idp' of 'corp'");
        assertThat(PhoneAttributeWarning.writers(session, realm, "mobile")).isEmpty();
    }
}
