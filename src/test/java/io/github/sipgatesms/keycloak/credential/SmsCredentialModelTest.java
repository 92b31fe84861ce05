package io.github.sipgatesms.keycloak.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;
import org.mockito.Mockito;

@DisplayName("the sipgate-sms credential")
class SmsCredentialModelTest {

    @Test
    @DisplayName("holds the verified number as data and the masked number as label, with no secret")
    void create() {
        SmsCredentialModel model = SmsCredentialModel.create("+4915123456789");
        assertThat(model.getType()).isEqualTo("sipgate-sms");
        assertThat(model.getUserLabel()).isEqualTo("+49 ••• ••• 6789");
        assertThat(model.phoneNumber()).isEqualTo("+4915123456789");
        assertThat(model.getSecretData()).isEqualTo("{}");
    }

    @Test
    @DisplayName("read back from the store, it gives the number; unreadable data gives none")
    void fromStore() {
        CredentialModel stored = new CredentialModel();
        stored.setType("sipgate-sms");
        stored.setCredentialData("{\"phoneNumber\":\"+436641234567\"}");
        assertThat(SmsCredentialModel.from(stored).phoneNumber()).isEqualTo("+436641234567");
        stored.setCredentialData("not json");
        assertThat(SmsCredentialModel.from(stored).phoneNumber()).isNull();
    }

    @Test
    @DisplayName("for pages (account console) the number is masked")
    void presentation() {
        SmsCredentialModel shown = SmsCredentialModel.create("+4915123456789").forPresentation();
        assertThat(shown.getCredentialData()).doesNotContain("23456789").contains("6789");
        assertThat(shown.getSecretData()).isNull();
    }

    @Test
    @DisplayName("a credential that shows the administrator's number is marked so, and never counts as a registered number")
    void provisionedMirror() {
        SmsCredentialModel shown = SmsCredentialModel.createProvisioned("+4915123456789");
        assertThat(shown.isProvisioned()).isTrue();
        assertThat(shown.getUserLabel()).isEqualTo("+49 ••• ••• 6789");
        assertThat(SmsCredentialModel.create("+4915123456789").isProvisioned()).isFalse();

        UserModel user = Mockito.mock(UserModel.class);
        SubjectCredentialManager credentials = Mockito.mock(SubjectCredentialManager.class);
        Mockito.when(user.credentialManager()).thenReturn(credentials);
        Mockito.when(credentials.getStoredCredentialsByTypeStream("sipgate-sms")).thenAnswer(i -> Stream.of(shown));
        io.github.sipgatesms.keycloak.config.SmsConfig config = io.github.sipgatesms.keycloak.config.SmsConfig.of(
            Map.of("phoneAttribute", "mobile"), io.github.sipgatesms.keycloak.config.ServerOptions.NONE);
        assertThat(UserNumber.registered(user)).isEmpty();
        assertThat(UserNumber.configured(user, config)).as("no attribute, only the shown copy").isFalse();
        Mockito.when(user.getFirstAttribute("mobile")).thenReturn("+49 30 12345678");
        assertThat(UserNumber.configured(user, config)).as("a landline still counts as configured").isTrue();
        assertThat(UserNumber.check(user, config).usable()).isFalse();
    }
}
