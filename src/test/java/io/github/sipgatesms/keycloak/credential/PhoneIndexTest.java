package io.github.sipgatesms.keycloak.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;

import io.github.sipgatesms.keycloak.config.ServerOptions;
import io.github.sipgatesms.keycloak.config.SmsConfig;

@DisplayName("phone sign-in's index: found by number, checked against the number now, written only when it differs")
class PhoneIndexTest {

    private static final String NUMBER = "+4915123456789";
    private final SmsConfig config = SmsConfig.of(Map.of("defaultRegion", "DE"), ServerOptions.NONE);
    private final KeycloakSession session = mock(KeycloakSession.class);
    private final UserProvider users = mock(UserProvider.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final Map<String, List<UserModel>> index = new HashMap<>();

    PhoneIndexTest() {
        when(session.users()).thenReturn(users);
        when(realm.getName()).thenReturn("test");
        when(users.searchForUserByUserAttributeStream(eq(realm), eq(PhoneIndex.ATTRIBUTE), anyString()))
            .thenAnswer(call -> index.getOrDefault(call.getArgument(2, String.class), List.of()).stream());
    }

    /** A user whose phone attribute reads {@code phone} (as written), indexed under {@code indexedAs}. */
    private UserModel user(String phone, String indexedAs, boolean enabled) {
        UserModel user = mock(UserModel.class);
        SubjectCredentialManager credentials = mock(SubjectCredentialManager.class);
        when(user.credentialManager()).thenReturn(credentials);
        when(credentials.getStoredCredentialsByTypeStream(any())).thenAnswer(call -> Stream.empty());
        when(user.getFirstAttribute("phoneNumber")).thenReturn(phone);
        when(user.isEnabled()).thenReturn(enabled);
        when(user.getAttributeStream(PhoneIndex.ATTRIBUTE)).thenAnswer(call -> indexedAs == null ? Stream.empty() : Stream.of(indexedAs));
        if (indexedAs != null) {
            index.computeIfAbsent(indexedAs, key -> new ArrayList<>()).add(user);
        }
        return user;
    }

    @Test
    @DisplayName("the one enabled holder, whatever way the attribute writes the number")
    void oneHolder() {
        UserModel holder = user("0151 2345 6789", NUMBER, true);
        assertThat(PhoneIndex.holderOf(session, realm, NUMBER, config)).isEqualTo(new PhoneIndex.Holder(holder, 1));
    }

    @Test
    @DisplayName("nobody for an unknown number, a disabled holder, or an entry whose user holds another number now")
    void nobody() {
        assertThat(PhoneIndex.holderOf(session, realm, NUMBER, config).user()).isNull();
        user("0151 2345 6789", NUMBER, false);
        user("0151 9999 0000", NUMBER, true);
        assertThat(PhoneIndex.holderOf(session, realm, NUMBER, config).user()).as("disabled, stale").isNull();
    }

    @Test
    @DisplayName("a number two enabled users hold identifies nobody; a stale entry beside one holder does not make it shared")
    void shared() {
        UserModel one = user("+49 151 23456789", NUMBER, true);
        user("0151 9999 0000", NUMBER, true);
        assertThat(PhoneIndex.holderOf(session, realm, NUMBER, config)).isEqualTo(new PhoneIndex.Holder(one, 1));
        user("0049 151 2345-6789", NUMBER, true);
        assertThat(PhoneIndex.holderOf(session, realm, NUMBER, config)).isEqualTo(new PhoneIndex.Holder(null, 2));
    }

    @Test
    @DisplayName("a second holder behind 25 stale entries still makes the number shared: entries are checked before they are counted")
    void sharedBehindStaleEntries() {
        user("+49 151 23456789", NUMBER, true);
        for (int i = 0; i < 25; i++) {
            user("0151 9999 " + String.format("%04d", i), NUMBER, true);
        }
        user("0049 151 2345-6789", NUMBER, true);
        assertThat(PhoneIndex.holderOf(session, realm, NUMBER, config)).isEqualTo(new PhoneIndex.Holder(null, 2));
    }

    @Test
    @DisplayName("refresh writes the E.164 form of the number now, removes the entry without one, and writes nothing unchanged")
    void refresh() {
        UserModel fresh = user("0151 2345 6789", null, true);
        PhoneIndex.refresh(fresh, config);
        verify(fresh).setSingleAttribute(PhoneIndex.ATTRIBUTE, NUMBER);

        UserModel current = user("+49 151 23456789", NUMBER, true);
        PhoneIndex.refresh(current, config);
        verify(current, never()).setSingleAttribute(anyString(), anyString());
        verify(current, never()).removeAttribute(anyString());

        UserModel gone = user(null, NUMBER, true);
        PhoneIndex.refresh(gone, config);
        verify(gone).removeAttribute(PhoneIndex.ATTRIBUTE);

        UserModel garbage = user("call me", null, true);
        PhoneIndex.refresh(garbage, config);
        verify(garbage, never()).setSingleAttribute(anyString(), anyString());
    }
}
