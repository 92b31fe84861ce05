package io.github.sipgatesms.keycloak.passkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;


/** When the passkey offer joins a login, and what each answer keeps (DESIGN.md "Passkey nudge"). */
@DisplayName("the passkey offer: due by days and answers, never with a passkey, only where both actions are enabled")
class PasskeyNudgeTest {

    private static final long DAY = 86_400L;

    private final RealmModel realm = mock(RealmModel.class);
    private final UserModel user = mock(UserModel.class);
    private final SubjectCredentialManager credentials = mock(SubjectCredentialManager.class);
    private final List<CredentialModel> passkeys = new ArrayList<>();
    private final List<String> warned = new ArrayList<>();
    private AuthenticationSessionModel authSession;

    @BeforeEach
    void wire() {
        authSession = mock(AuthenticationSessionModel.class);
        when(realm.getName()).thenReturn("acme");
        when(realm.getId()).thenReturn("realm-1");
        enable(PasskeyNudge.ACTION, true);
        enable(PasskeyNudge.PASSKEY_ACTION, true);
        when(user.credentialManager()).thenReturn(credentials);
        when(credentials.getStoredCredentialsByTypeStream(WebAuthnCredentialModel.TYPE_PASSWORDLESS)).thenAnswer(call -> passkeys.stream());
        when(user.getAttributeStream(anyString())).thenAnswer(call -> Stream.empty());
    }

    private void enable(String alias, boolean enabled) {
        RequiredActionProviderModel model = new RequiredActionProviderModel();
        model.setAlias(alias);
        model.setEnabled(enabled);
        when(realm.getRequiredActionProviderByAlias(alias)).thenReturn(model);
    }

    private boolean offer(int days) {
        return PasskeyNudge.offerIfDue(realm, user, authSession, days, key -> warned.add(key) || true);
    }

    @Test
    @DisplayName("a user who never answered, without a passkey: offered, as a required action of this login only")
    void offered() {
        assertThat(offer(30)).isTrue();
        verify(authSession).addRequiredAction(PasskeyNudge.ACTION);
    }

    @Test
    @DisplayName("0 days (the default): never")
    void off() {
        assertThat(offer(0)).isFalse();
        verify(authSession, never()).addRequiredAction(anyString());
    }

    @Test
    @DisplayName("a user with a passkey: never")
    void hasPasskey() {
        passkeys.add(new CredentialModel());
        assertThat(offer(30)).isFalse();
    }

    @Test
    @DisplayName("'later' waits the days; 'never' is for good; an unknown value asks nobody")
    void answers() {
        long now = 1_000_000_000L;
        assertThat(PasskeyNudge.due(null, 30, now)).isTrue();
        assertThat(PasskeyNudge.due("later:" + (now - 29 * DAY), 30, now)).isFalse();
        assertThat(PasskeyNudge.due("later:" + (now - 30 * DAY), 30, now)).isTrue();
        assertThat(PasskeyNudge.due("never", 30, now)).isFalse();
        assertThat(PasskeyNudge.due("later:x", 30, now)).isFalse();
    }

    @Test
    @DisplayName("a realm that does not enable the offer or Keycloak's passkey registration: no offer, one WARN per realm")
    void actionsDisabled() {
        enable(PasskeyNudge.PASSKEY_ACTION, false);
        assertThat(offer(30)).isFalse();
        enable(PasskeyNudge.PASSKEY_ACTION, true);
        enable(PasskeyNudge.ACTION, false);
        assertThat(offer(30)).isFalse();
        assertThat(warned).containsOnly("passkey-nudge/realm-1");
        verify(authSession, never()).addRequiredAction(anyString());
    }

    @Test
    @DisplayName("'add' puts Keycloak's passkey registration next in this login and waits the days if abandoned")
    void add() {
        PasskeyNudge.answered(user, authSession, PasskeyNudge.ADD);
        verify(authSession).addRequiredAction(PasskeyNudge.PASSKEY_ACTION);
        verify(user).setSingleAttribute(eq(PasskeyNudge.ANSWER_ATTRIBUTE), startsWith("later:"));
    }
}
