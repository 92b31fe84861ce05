package io.github.sipgatesms.keycloak.credential;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.credential.CredentialModel;

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
}
