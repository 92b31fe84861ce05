package io.github.sipgatesms.keycloak.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.mockito.Mockito;

@DisplayName("one realm SMS policy: the component, then the server options, then the defaults")
class SettingsResolverTest {

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final List<ComponentModel> components = new ArrayList<>();
    private final Map<String, Object> attributes = new HashMap<>();
    private final ServerOptions server = new ServerOptions(Map.of("codeLength", "8", "phoneAttribute", "serverAttribute"));
    private final SettingsResolver cut = new SettingsResolver(server);

    @BeforeEach
    void wire() {
        when(realm.getId()).thenReturn("realm-1");
        when(realm.getName()).thenReturn("test");
        when(realm.getComponentsStream("realm-1", SettingsResolver.POLICY_TYPE)).thenAnswer(i -> components.stream());
        when(session.getAttribute(anyString(), eq(SmsConfig.class))).thenAnswer(i -> attributes.get(i.getArgument(0, String.class)));
        Mockito.doAnswer(i -> attributes.put(i.getArgument(0), i.getArgument(1))).when(session).setAttribute(anyString(), any());
    }

    private ComponentModel policy(String id, String providerId, Map<String, String> values) {
        ComponentModel model = new ComponentModel();
        model.setId(id);
        model.setProviderId(providerId);
        model.setProviderType(SettingsResolver.POLICY_TYPE);
        model.setParentId("realm-1");
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        values.forEach(config::putSingle);
        model.setConfig(config);
        components.add(model);
        return model;
    }

    @Test
    @DisplayName("the policy's value, else the server option, else the default")
    void precedence() {
        policy("p1", "sipgate-sms", Map.of("phoneAttribute", "mobile", "allowedRegions", "DE"));
        SmsConfig resolved = cut.forRealm(session, realm);
        assertThat(resolved.phoneAttribute()).as("from the policy").isEqualTo("mobile");
        assertThat(resolved.allowedRegions()).containsExactly("DE");
        assertThat(resolved.codeLength()).as("from the server").isEqualTo(8);
        assertThat(resolved.codeTtlSeconds()).as("the default").isEqualTo(300);
    }

    @Test
    @DisplayName("a realm without a policy gets the server options and defaults; another tab's component is not a policy")
    void noPolicy() {
        policy("other", "someone-elses-tab", Map.of("phoneAttribute", "mobile"));
        SmsConfig resolved = cut.forRealm(session, realm);
        assertThat(resolved).isSameAs(cut.serverDefaults());
        assertThat(resolved.phoneAttribute()).isEqualTo("serverAttribute");
    }

    @Test
    @DisplayName("resolved once per request: the second call reads no component")
    void oncePerRequest() {
        policy("p1", "sipgate-sms", Map.of("maxSmsPerRealmPerHour", "50"));
        SmsConfig first = cut.forRealm(session, realm);
        assertThat(cut.forRealm(session, realm)).isSameAs(first);
        verify(realm, times(1)).getComponentsStream("realm-1", SettingsResolver.POLICY_TYPE);
        assertThat(first.maxSmsPerRealmPerHour()).isEqualTo(50);
    }

    @Test
    @DisplayName("two policies (made through the REST API): the one with the lowest id applies, whatever the store's order")
    void twoPolicies() {
        policy("b", "sipgate-sms", Map.of("maxSmsPerRealmPerHour", "90"));
        policy("a", "sipgate-sms", Map.of("maxSmsPerRealmPerHour", "10"));
        assertThat(cut.forRealm(session, realm).maxSmsPerRealmPerHour()).isEqualTo(10);
    }

    @Test
    @DisplayName("blank values fall through to the server option: an unchanged form pins nothing")
    void blankFallsThrough() {
        policy("p1", "sipgate-sms", Map.of("codeLength", "", "phoneAttribute", " ", "simulation", "false"));
        SmsConfig resolved = cut.forRealm(session, realm);
        assertThat(resolved.codeLength()).isEqualTo(8);
        assertThat(resolved.phoneAttribute()).isEqualTo("serverAttribute");
    }
}
