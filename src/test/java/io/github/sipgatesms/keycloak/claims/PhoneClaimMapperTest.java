package io.github.sipgatesms.keycloak.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;

import io.github.sipgatesms.keycloak.credential.SmsCredentialModel;

@DisplayName("the sipgate-sms-phone protocol mapper: phone_number and phone_number_verified from the proven numbers")
class PhoneClaimMapperTest {

    private static final String NUMBER = "+4915123456789";
    private static final String OTHER = "+4915198765432";

    private final PhoneClaimMapper mapper = new PhoneClaimMapper();
    private UserModel user;
    private SubjectCredentialManager credentials;
    private UserSessionModel userSession;
    private List<SmsCredentialModel> stored;

    @BeforeEach
    void user() {
        user = mock(UserModel.class);
        credentials = mock(SubjectCredentialManager.class);
        userSession = mock(UserSessionModel.class);
        stored = List.of();
        when(user.credentialManager()).thenReturn(credentials);
        when(credentials.getStoredCredentialsByTypeStream(SmsCredentialModel.TYPE)).thenAnswer(i -> stored.stream().map(c -> c));
        when(userSession.getUser()).thenReturn(user);
    }

    private static ProtocolMapperModel model(Map<String, String> extra) {
        ProtocolMapperModel model = new ProtocolMapperModel();
        model.setName("verified phone");
        model.setProtocolMapper(PhoneClaimMapper.PROVIDER_ID);
        Map<String, String> config = new HashMap<>(Map.of(OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN, "true",
            OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN, "true", OIDCAttributeMapperHelper.INCLUDE_IN_USERINFO, "true"));
        config.putAll(extra);
        model.setConfig(config);
        return model;
    }

    /** The ID token after Keycloak's built-in "phone number" / "phone number verified" mappers and then ours. */
    private IDToken idToken(Map<String, String> config, Object builtInNumber, Object builtInVerified) {
        IDToken token = new IDToken();
        if (builtInNumber != null) {
            token.getOtherClaims().put(IDToken.PHONE_NUMBER, builtInNumber);
        }
        if (builtInVerified != null) {
            token.getOtherClaims().put(IDToken.PHONE_NUMBER_VERIFIED, builtInVerified);
        }
        return mapper.transformIDToken(token, model(config), null, userSession, null);
    }

    private IDToken idToken() {
        return idToken(Map.of(), null, null);
    }

    private static Object number(IDToken token) {
        assertThat(token.getPhoneNumber()).as("typed field left empty, the claim lives in the other claims").isNull();
        return token.getOtherClaims().get(IDToken.PHONE_NUMBER);
    }

    private static Object verified(IDToken token) {
        assertThat(token.getPhoneNumberVerified()).isNull();
        return token.getOtherClaims().get(IDToken.PHONE_NUMBER_VERIFIED);
    }

    @Test
    @DisplayName("a registered number is verified, in E.164, whatever the phone attribute holds")
    void registered() {
        stored = List.of(SmsCredentialModel.create(NUMBER));
        when(user.getFirstAttribute("phoneNumber")).thenReturn(OTHER);
        IDToken token = idToken(Map.of(), OTHER, "false");
        assertThat(number(token)).isEqualTo(NUMBER);
        assertThat(verified(token)).isEqualTo(true);
    }

    @Test
    @DisplayName("the administrator's number is verified once a right code went to it (the provisioned credential matches the attribute)")
    void provisionedAndProven() {
        when(user.getFirstAttribute("phoneNumber")).thenReturn("0151 23456789");
        assertThat(number(idToken())).as("before any code: the attribute as written").isEqualTo("0151 23456789");
        assertThat(verified(idToken())).isEqualTo(false);

        stored = List.of(SmsCredentialModel.createProvisioned(NUMBER));
        assertThat(number(idToken())).isEqualTo(NUMBER);
        assertThat(verified(idToken())).isEqualTo(true);
    }

    @Test
    @DisplayName("the administrator changes the attribute: the old proof no longer counts, the new number is not verified")
    void provisionedChanged() {
        stored = List.of(SmsCredentialModel.createProvisioned(NUMBER));
        when(user.getFirstAttribute("phoneNumber")).thenReturn("0151 98765432");
        IDToken token = idToken(Map.of(), "0151 98765432", "true");
        assertThat(number(token)).as("E.164 in the region of the number proven before").isEqualTo(OTHER);
        assertThat(verified(token)).isEqualTo(false);
    }

    @Test
    @DisplayName("an attribute written internationally becomes E.164; a national one stays as written (no region to guess)")
    void unprovenAttribute() {
        when(user.getFirstAttribute("phoneNumber")).thenReturn("+49 151 23456789");
        assertThat(number(idToken())).isEqualTo(NUMBER);
        assertThat(verified(idToken())).isEqualTo(false);
        when(user.getFirstAttribute("phoneNumber")).thenReturn(" not a number ");
        assertThat(number(idToken())).isEqualTo("not a number");
        assertThat(verified(idToken())).isEqualTo(false);
    }

    @Test
    @DisplayName("no number at all (credential removed, no attribute): both claims removed, also those of the built-in mappers")
    void none() {
        when(user.getFirstAttribute("phoneNumber")).thenReturn("  ");
        IDToken token = idToken(Map.of(), "+4915123456789", "true");
        token.setPhoneNumber(NUMBER);
        token.setPhoneNumberVerified(true);
        token = mapper.transformIDToken(token, model(Map.of()), null, userSession, null);
        assertThat(token.getOtherClaims()).doesNotContainKeys(IDToken.PHONE_NUMBER, IDToken.PHONE_NUMBER_VERIFIED);
        assertThat(token.getPhoneNumber()).isNull();
        assertThat(token.getPhoneNumberVerified()).isNull();
    }

    @Test
    @DisplayName("reads the configured attribute; userinfo gets the same claims")
    void otherAttributeAndUserInfo() {
        stored = List.of(SmsCredentialModel.createProvisioned(NUMBER));
        when(user.getFirstAttribute("mobile")).thenReturn("+4915123456789");
        AccessToken userInfo = mapper.transformUserInfoToken(new AccessToken(), model(Map.of(PhoneClaimMapper.PHONE_ATTRIBUTE, "mobile")),
            null, userSession, null);
        assertThat(userInfo.getOtherClaims()).containsEntry(IDToken.PHONE_NUMBER, NUMBER).containsEntry(IDToken.PHONE_NUMBER_VERIFIED, true);
    }

    @Test
    @DisplayName("writes nothing: no credential, no attribute")
    void readsOnly() {
        stored = List.of(SmsCredentialModel.createProvisioned(OTHER));
        when(user.getFirstAttribute("phoneNumber")).thenReturn(NUMBER);
        idToken();
        verify(credentials, never()).createStoredCredential(any());
        verify(credentials, never()).removeStoredCredentialById(anyString());
        verify(credentials, never()).updateStoredCredential(any());
        verify(user, never()).setSingleAttribute(anyString(), anyString());
        verify(user, never()).setAttribute(anyString(), any());
        verify(user, never()).removeAttribute(anyString());
    }

    @Test
    @DisplayName("runs after Keycloak's own mappers (priority 0 to 50), in ID token, access token, userinfo and introspection")
    void provider() {
        assertThat(mapper.getId()).isEqualTo("sipgate-sms-phone");
        assertThat(mapper.getDisplayType()).isEqualTo("sipgate SMS verified phone number");
        assertThat(mapper.getPriority()).isGreaterThan(50);
        assertThat(mapper).isInstanceOf(OIDCIDTokenMapper.class).isInstanceOf(UserInfoTokenMapper.class)
            .isInstanceOf(TokenIntrospectionTokenMapper.class).isInstanceOf(ProtocolMapper.class);
        assertThat(mapper.getConfigProperties()).extracting(ProviderConfigProperty::getName)
            .contains(PhoneClaimMapper.PHONE_ATTRIBUTE, OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN, OIDCAttributeMapperHelper.INCLUDE_IN_USERINFO);
        assertThat(mapper.getConfigProperties()).filteredOn(p -> p.getName().equals(PhoneClaimMapper.PHONE_ATTRIBUTE))
            .singleElement().extracting(ProviderConfigProperty::getDefaultValue).isEqualTo("phoneNumber");
    }
}
