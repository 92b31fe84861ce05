package io.github.sipgatesms.keycloak.claims;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.IDToken;

import io.github.sipgatesms.keycloak.config.Setting;

/**
 * OIDC protocol mapper {@value #PROVIDER_ID}: {@code phone_number} (E.164) and {@code phone_number_verified}, computed
 * when a token (ID, access, userinfo, introspection) is made, from the numbers the user proved ({@link PhoneClaim}).
 * Added to the realm's built-in {@code phone} client scope (docs/claims.md), it runs after Keycloak's "phone number"
 * and "phone number verified" mappers of that scope and replaces their claims.
 * <p>
 * Why a mapper and not the attributes {@code phoneNumber} / {@code phoneNumberVerified} that those mappers read:
 * proven numbers are already recorded exactly once, as {@code sipgate-sms} credentials. Derived at token time, the
 * claims follow every change (a credential removed in the account or admin console, a new registration, an
 * administrator's edit of the attribute) and nothing is written at login. Copies in attributes would need a hook on
 * every path that changes them (admin edits, LDAP sync, the account console's removal, which bypasses the credential
 * provider), and would mix registered numbers into the attribute of the administrator's numbers.
 */
public final class PhoneClaimMapper extends AbstractOIDCProtocolMapper
    implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "sipgate-sms-phone";
    /** Config key: the user attribute of administrator-provisioned numbers, as the step's {@code phoneAttribute}. */
    public static final String PHONE_ATTRIBUTE = Setting.PHONE_ATTRIBUTE.key();
    /** After Keycloak's own mappers: attribute mappers have priority 0, role and script mappers up to 50. */
    static final int PRIORITY = 100;

    private static final List<ProviderConfigProperty> CONFIG = config();

    private static List<ProviderConfigProperty> config() {
        List<ProviderConfigProperty> properties = new ArrayList<>(ProviderConfigurationBuilder.create()
            .property().name(PHONE_ATTRIBUTE).label("Phone number attribute").type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue(Setting.PHONE_ATTRIBUTE.defaultValue())
            .helpText("User attribute holding administrator-provisioned numbers: the same as the phoneAttribute setting "
                + "of the SMS step. Its number counts as verified once a right SMS code went to it.")
            .add().build());
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(properties, PhoneClaimMapper.class);
        return properties;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "sipgate SMS verified phone number";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "phone_number and phone_number_verified from the numbers users proved by SMS code (registered, or the "
            + "phone attribute's number after a right code). Add it to the phone client scope; it replaces the claims "
            + "of the scope's built-in phone mappers.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession keycloakSession, ClientSessionContext clientSessionCtx) {
        if (userSession == null || userSession.getUser() == null) {
            return;
        }
        String attribute = mappingModel.getConfig() == null ? null : mappingModel.getConfig().get(PHONE_ATTRIBUTE);
        if (attribute == null || attribute.isBlank()) {
            attribute = Setting.PHONE_ATTRIBUTE.defaultValue();
        }
        PhoneClaim.apply(token, PhoneClaim.of(userSession.getUser(), attribute.trim()));
    }
}
