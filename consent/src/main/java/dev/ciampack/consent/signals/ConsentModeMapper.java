package dev.ciampack.consent.signals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

import dev.ciampack.common.JsonClaims;
import dev.ciampack.consent.spi.ConsentProvider;

/**
 * {@code ciam-consent-mode}: a claim (default {@code consent_mode}) with the person's Google Consent Mode v2 states
 * ({@code ad_storage}, {@code analytics_storage}, {@code ad_user_data}, {@code ad_personalization}: {@code granted}
 * or {@code denied}) from their purposes and the realm's mapping ({@link ConsentMode}), so a page can set consent
 * mode from the ID token before any tag fires. Always present: without a mapping or a grant every type is denied.
 */
public final class ConsentModeMapper extends AbstractOIDCProtocolMapper
        implements OIDCIDTokenMapper, UserInfoTokenMapper, OIDCAccessTokenMapper {

    public static final String PROVIDER_ID = "ciam-consent-mode";
    public static final String DEFAULT_CLAIM = "consent_mode";

    private static final List<ProviderConfigProperty> PROPERTIES = properties();

    private static List<ProviderConfigProperty> properties() {
        List<ProviderConfigProperty> list = new ArrayList<>();
        OIDCAttributeMapperHelper.addTokenClaimNameConfig(list);
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(list, ConsentModeMapper.class);
        return list;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "CIAM consent mode";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Google Consent Mode v2 states (granted/denied) from the person's consent purposes and the realm's mapping.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel model, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext context) {
        ConsentProvider consent = session.getProvider(ConsentProvider.class);
        Map<String, String> states = consent == null
                ? ConsentMode.states(Map.of(), purpose -> false)
                : ConsentMode.of(consent, userSession.getRealm(), userSession.getUser());
        JsonClaims.put(token, model, DEFAULT_CLAIM, states);
    }
}
