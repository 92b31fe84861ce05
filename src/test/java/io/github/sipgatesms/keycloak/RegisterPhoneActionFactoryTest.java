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

    private final RegisterPhoneActionFactory factory = new RegisterPhoneActionFactory();

    private static RequiredActionConfigModel config(Map<String, String> values) {
        RequiredActionConfigModel model = new RequiredActionConfigModel();
        model.setConfig(new HashMap<>(values));
        return model;
    }

    @Test
    @DisplayName("offers Keycloak's max-auth-age and the step's settings, but not the phone attribute")
    void metadata() {
        assertThat(factory.getConfigMetadata()).extracting(ProviderConfigProperty::getName)
            .contains("max_auth_age", "codeLength", "resendCooldownSeconds", "maxSmsPerUserPerHour", "allowedRegions", "sipgateToken")
            .doesNotContain("phoneAttribute");
        assertThat(factory.getId()).isEqualTo("sipgate-sms-register-phone");
    }

    @Test
    @DisplayName("refuses a literal token (required-action config is never masked) and accepts a vault reference or none")
    void literalTokenRefused() {
        assertThatThrownBy(() -> factory.validateConfig(null, null, config(Map.of("sipgateToken", "literal-secret"))))
            .isInstanceOf(ValidationException.class);
        assertThatCode(() -> factory.validateConfig(null, null, config(Map.of("sipgateToken", "${vault.sipgate-token}"))))
            .doesNotThrowAnyException();
        assertThatCode(() -> factory.validateConfig(null, null, config(Map.of("codeLength", "8")))).doesNotThrowAnyException();
    }
}
