package io.github.sipgatesms.keycloak.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;

import io.github.sipgatesms.keycloak.config.ServerOptions;
import io.github.sipgatesms.keycloak.config.SmsConfig;

@DisplayName("which number a user's codes go to, and whether the user has one")
class UserNumberTest {

    private final SmsConfig config = SmsConfig.of(Map.of("defaultRegion", "DE"), ServerOptions.NONE);

    private static UserModel user(String attribute, List<CredentialModel> credentials) {
        UserModel user = mock(UserModel.class);
        SubjectCredentialManager manager = mock(SubjectCredentialManager.class);
        when(user.credentialManager()).thenReturn(manager);
        when(manager.getStoredCredentialsByTypeStream(any())).thenAnswer(call -> credentials.stream());
        when(user.getFirstAttribute("phoneNumber")).thenReturn(attribute);
        return user;
    }

    @Test
    @DisplayName("a blank phone attribute is no number: not configured (the registration is offered, no SMS is tried)")
    void blankAttribute() {
        assertThat(UserNumber.configured(user("   ", List.of()), config)).isFalse();
        assertThat(UserNumber.configured(user("", List.of()), config)).isFalse();
        assertThat(UserNumber.configured(user(null, List.of()), config)).isFalse();
        assertThat(UserNumber.configured(user("0151 2345 6789", List.of()), config)).isTrue();
        assertThat(UserNumber.configured(user("not a number", List.of()), config)).as("present but unusable still counts").isTrue();
    }

    @Test
    @DisplayName("an attribute number that replaced a proven one is 'changed since proven'; a first or the same number is not")
    void changedSinceProven() {
        CredentialModel proven = SmsCredentialModel.createProvisioned("+4915123456789");
        assertThat(UserNumber.changedSinceProven(user("0151 9999 0000", List.of(proven)), "+4915199990000")).isTrue();
        assertThat(UserNumber.changedSinceProven(user("0151 2345 6789", List.of(proven)), "+4915123456789")).isFalse();
        assertThat(UserNumber.changedSinceProven(user("0151 9999 0000", List.of()), "+4915199990000")).as("nothing proven yet").isFalse();
        CredentialModel registered = SmsCredentialModel.create("+4915111112222");
        assertThat(UserNumber.changedSinceProven(user("0151 9999 0000", List.of(registered)), "+4915199990000"))
            .as("a registered number rules, the attribute is not used").isFalse();
    }
}
