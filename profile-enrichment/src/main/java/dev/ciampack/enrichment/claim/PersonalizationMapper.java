package dev.ciampack.enrichment.claim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.IDToken;

import dev.ciampack.common.JsonClaims;
import dev.ciampack.consent.spi.ConsentProvider;
import dev.ciampack.enrichment.api.EnrichmentAttributes;

/**
 * {@code ciam-personalization}: a claim (default {@code personalization}) holding the person's segments
 * ({@code ciam_segments}) and a chosen set of profile attributes, so applications personalize from the
 * token instead of third-party cookies. Present only when the person granted the consent purpose
 * (default {@code personalization}); absent otherwise, not empty.
 */
public final class PersonalizationMapper extends AbstractOIDCProtocolMapper
        implements OIDCIDTokenMapper, UserInfoTokenMapper, OIDCAccessTokenMapper {

    public static final String PROVIDER_ID = "ciam-personalization";
    public static final String ATTRIBUTES = "attributes";
    public static final String PURPOSE = "purpose";
    public static final String DEFAULT_PURPOSE = "personalization";
    public static final String DEFAULT_CLAIM = "personalization";

    private static final List<ProviderConfigProperty> PROPERTIES = properties();

    private static List<ProviderConfigProperty> properties() {
        List<ProviderConfigProperty> list = new ArrayList<>(ProviderConfigurationBuilder.create()
                .property().name(ATTRIBUTES).label("Profile attributes").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Comma-separated User Profile attributes to include, e.g. homeType,style,locale").add()
                .property().name(PURPOSE).label("Consent purpose").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DEFAULT_PURPOSE).helpText("The claim is added only if the person granted this purpose.")
                .add().build());
        OIDCAttributeMapperHelper.addTokenClaimNameConfig(list);
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(list, PersonalizationMapper.class);
        return list;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "CIAM personalization";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Segments and chosen profile attributes in one JSON claim, only with the person's consent.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }

    /** The mapper as Keycloak's admin API saves it: the admin console's claims page follows it. */
    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, ProtocolMapperContainerModel container,
                               ProtocolMapperModel model) {
        ClaimPage.follow(session, realm, container, model);
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel model, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext context) {
        UserModel user = userSession.getUser();
        String purpose = model.getConfig().getOrDefault(PURPOSE, DEFAULT_PURPOSE);
        ConsentProvider consent = session.getProvider(ConsentProvider.class);
        if (consent == null || !consent.mayUse(userSession.getRealm(), user, purpose == null || purpose.isBlank()
                ? DEFAULT_PURPOSE : purpose)) {
            return;
        }
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("segments", user.getAttributeStream(EnrichmentAttributes.SEGMENTS).sorted().toList());
        Map<String, Object> attributes = new LinkedHashMap<>();
        String names = model.getConfig().get(ATTRIBUTES);
        if (names != null) {
            for (String name : Arrays.stream(names.split(",")).map(String::strip).filter(n -> !n.isEmpty()).toList()) {
                String value = user.getFirstAttribute(name);
                if (value != null) {
                    attributes.put(name, value);
                }
            }
        }
        claim.put("attributes", attributes);
        JsonClaims.put(token, model, DEFAULT_CLAIM, claim);
    }
}
