package io.github.sipgatesms.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.userprofile.ValidationException;

@DisplayName("registration action configuration")
class RegisterPhoneActionFactoryTest {

    private final RegisterPhoneActionFactory cut = new RegisterPhoneActionFactory();

    private static RequiredActionConfigModel config(Map<String, String> values) {
        RequiredActionConfigModel model = new RequiredActionConfigModel();
        model.setConfig(new HashMap<>(values));
        return model;
    }

    @Test
    @DisplayName("offers only Keycloak's maximum authentication age: the SMS settings are the realm's")
    void metadata() {
        assertThat(cut.getConfigMetadata()).extracting(ProviderConfigProperty::getName).containsExactly("max_auth_age");
        assertThat(cut.getId()).isEqualTo("sipgate-sms-register-phone");
    }

    @Test
    @DisplayName("refuses any SMS setting on save, saying where the settings live; accepts the maximum authentication age")
    void smsSettingsRefused() {
        assertThatThrownBy(() -> cut.validateConfig(null, null, config(Map.of("sipgateToken", "${vault.sipgate-token}"))))
            .isInstanceOf(ValidationException.class)
            .satisfies(e -> assertThat(((ValidationException) e).getErrors().get(0).getMessage()).contains("Realm settings -> SMS (sipgate)"));
        assertThatThrownBy(() -> cut.validateConfig(null, null, config(Map.of("codeLength", "8"))))
            .isInstanceOf(ValidationException.class);
        assertThatCode(() -> cut.validateConfig(null, null, config(Map.of("max_auth_age", "300")))).doesNotThrowAnyException();
    }
}
