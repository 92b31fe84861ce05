package io.github.sipgatesms.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.services.managers.DefaultBruteForceProtector;

class SmsAuthenticatorFactoryTest {

    @Test
    @DisplayName("the step's reference category is one Keycloak's brute-force protector counts (26.7 ignores others)")
    void referenceCategoryCountsForBruteForce() {
        String category = new SmsAuthenticatorFactory().getReferenceCategory();
        assertThat(category).isEqualTo("otp");
        assertThat(DefaultBruteForceProtector.ALLOWED_AUTHENTICATION_CATEGORIES).contains(category);
    }

    @Test
    @DisplayName("the step offers Required, Alternative and Disabled, never Conditional (that is for conditions)")
    void requirements() {
        assertThat(new SmsAuthenticatorFactory().getRequirementChoices()).containsExactly(
            AuthenticationExecutionModel.Requirement.REQUIRED,
            AuthenticationExecutionModel.Requirement.ALTERNATIVE,
            AuthenticationExecutionModel.Requirement.DISABLED);
    }
}
