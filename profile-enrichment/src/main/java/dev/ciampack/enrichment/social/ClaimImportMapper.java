package dev.ciampack.enrichment.social;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jboss.logging.Logger;
import org.keycloak.broker.oidc.KeycloakOIDCIdentityProviderFactory;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.oidc.OIDCIdentityProviderFactory;
import org.keycloak.broker.provider.AbstractIdentityProviderMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.common.util.Time;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import org.keycloak.userprofile.Attributes;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;

import dev.ciampack.common.ManagedAttributes;
import dev.ciampack.common.ManagedAttributes.Attribute;
import dev.ciampack.consent.spi.ConsentAttributes;
import dev.ciampack.enrichment.api.EnrichmentAttributes;

/**
 * {@code ciam-claim-import}: copies claims of an OpenID Connect provider (ID token and userinfo) into
 * User Profile attributes at first sign-in and at later ones, normalizing formats (birthdate, locale,
 * https picture URLs), filling only empty attributes unless told to overwrite, and recording where
 * each value came from in {@code ciam_import_provenance}.
 */
public final class ClaimImportMapper extends AbstractIdentityProviderMapper {

    public static final String PROVIDER_ID = "ciam-claim-import";
    static final ManagedAttributes.Group GROUP = new ManagedAttributes.Group("ciam-import",
            "Imported from identity providers (CIAM Pack)", null);
    public static final String MAPPINGS = "claims";
    public static final String OVERWRITE = "overwrite";
    public static final String DEFAULT_MAPPINGS = "given_name=firstName\nfamily_name=lastName\nbirthdate=birthdate\n"
            + "locale=locale\npicture=picture";

    private static final Logger LOG = Logger.getLogger(ClaimImportMapper.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] COMPATIBLE = {OIDCIdentityProviderFactory.PROVIDER_ID,
        KeycloakOIDCIdentityProviderFactory.PROVIDER_ID};

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String[] getCompatibleProviders() {
        return COMPATIBLE;
    }

    @Override
    public String getDisplayCategory() {
        return "Attribute Importer";
    }

    @Override
    public String getDisplayType() {
        return "CIAM claim import";
    }

    @Override
    public String getHelpText() {
        return "Copies claims (birthdate, locale, names, picture, ...) into User Profile attributes, normalized, "
                + "filling only empty attributes unless 'overwrite' is on, with provenance.";
    }

    @Override
    public boolean supportsSyncMode(IdentityProviderSyncMode syncMode) {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(MAPPINGS).label("Claims to attributes").type(ProviderConfigProperty.TEXT_TYPE)
                .defaultValue(DEFAULT_MAPPINGS)
                .helpText("One claim=attribute per line, e.g. birthdate=birthdate. Attributes must be declared in "
                        + "the User Profile.").add()
                .property().name(OVERWRITE).label("Overwrite filled attributes").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("false").helpText("Off: only empty attributes are filled.").add()
                .build();
    }

    @Override
    public void importNewUser(KeycloakSession session, RealmModel realm, UserModel user,
                              IdentityProviderMapperModel mapper, BrokeredIdentityContext context) {
        apply(session, realm, user, mapper, context);
    }

    @Override
    public void updateBrokeredUser(KeycloakSession session, RealmModel realm, UserModel user,
                                   IdentityProviderMapperModel mapper, BrokeredIdentityContext context) {
        apply(session, realm, user, mapper, context);
    }

    private static void apply(KeycloakSession session, RealmModel realm, UserModel user,
                              IdentityProviderMapperModel mapper, BrokeredIdentityContext context) {
        Map<String, String> mappings;
        try {
            mappings = ClaimValues.mappings(mapper.getConfig().getOrDefault(MAPPINGS, DEFAULT_MAPPINGS));
        } catch (IllegalArgumentException e) {
            LOG.errorf("Identity provider mapper '%s': %s", mapper.getName(), e.getMessage());
            return;
        }
        boolean overwrite = Boolean.parseBoolean(mapper.getConfig().get(OVERWRITE));
        JsonNode claims = claims(context);
        Map<String, String> proposed = new LinkedHashMap<>();
        Map<String, String> claimOf = new LinkedHashMap<>();
        for (Map.Entry<String, String> mapping : mappings.entrySet()) {
            String value = ClaimValues.normalize(mapping.getKey(), claims.get(mapping.getKey()));
            String attribute = mapping.getValue();
            String current = user.getFirstAttribute(attribute);
            if (value == null || value.equals(current) || (!overwrite && current != null && !current.isBlank())) {
                continue;
            }
            proposed.put(attribute, value);
            claimOf.put(attribute, mapping.getKey());
        }
        Map<String, String> accepted = acceptedByUserProfile(session, user, mapper, proposed);
        Map<String, Map<String, String>> provenance = provenance(user);
        String alias = context.getIdpConfig().getAlias();
        String at = Instant.ofEpochSecond(Time.currentTime()).toString();
        accepted.forEach((attribute, value) -> {
            user.setSingleAttribute(attribute, value);
            provenance.put(attribute, Map.of("idp", alias, "claim", claimOf.get(attribute), "at", at));
        });
        boolean changed = !accepted.isEmpty();
        if (changed) {
            ManagedAttributes.declare(session, realm, GROUP, List.of(Attribute.single(EnrichmentAttributes.IMPORT_PROVENANCE)));
            try {
                user.setSingleAttribute(EnrichmentAttributes.IMPORT_PROVENANCE, JSON.writeValueAsString(provenance));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The proposed values the realm's User Profile lets a person's identity provider set, as the profile
     * review of a first broker login would: the attribute is declared, the person may edit it (not
     * read-only, not admin-only), it is not one the pack writes ({@code ciam_*}; consent decisions are
     * written only by the consent store with their ledger row) nor the account's username or email, and the
     * value passes the attribute's validators. Anything else is left out and logged (names only, never
     * values).
     */
    private static final java.util.Set<String> IDENTITY = java.util.Set.of(UserModel.USERNAME, UserModel.EMAIL,
            UserModel.EMAIL_VERIFIED);

    static Map<String, String> acceptedByUserProfile(KeycloakSession session, UserModel user,
                                                     IdentityProviderMapperModel mapper, Map<String, String> proposed) {
        if (proposed.isEmpty()) {
            return proposed;
        }
        Map<String, Object> values = new LinkedHashMap<>(proposed);
        Attributes attributes = session.getProvider(UserProfileProvider.class)
                .create(UserProfileContext.IDP_REVIEW, values, user).getAttributes();
        Map<String, String> accepted = new LinkedHashMap<>();
        proposed.forEach((attribute, value) -> {
            String refusal = null;
            if (attribute.startsWith(ConsentAttributes.PREFIX)) {
                refusal = "a consent decision, written only by the consent store";
            } else if (attribute.startsWith("ciam_")) {
                refusal = "written only by the CIAM Pack";
            } else if (IDENTITY.contains(attribute)) {
                // An address or name changed by another provider would be an unverified identity (pre-hijacking):
                // Keycloak's own broker import and profile review handle these.
                refusal = "the account's identity (username, email) is not imported";
            } else if (!attributes.contains(attribute) || attributes.getMetadata(attribute) == null) {
                refusal = "not declared in the User Profile";
            } else if (attributes.isReadOnly(attribute)) {
                refusal = "read-only or admin-only in the User Profile";
            } else if (!attributes.validate(attribute)) {
                refusal = "the value fails the attribute's validators";
            }
            if (refusal == null) {
                accepted.put(attribute, value);
            } else {
                LOG.warnf("Identity provider mapper '%s': attribute '%s' not imported: %s", mapper.getName(),
                        attribute, refusal);
            }
        });
        return accepted;
    }

    /** ID-token claims, overlaid by userinfo claims (fresher, and where providers put profile data). */
    static JsonNode claims(BrokeredIdentityContext context) {
        ObjectNode claims = JSON.createObjectNode();
        Object idToken = context.getContextData().get(OIDCIdentityProvider.VALIDATED_ID_TOKEN);
        if (idToken != null) {
            JsonNode node = JSON.valueToTree(idToken);
            if (node.isObject()) {
                claims.setAll((ObjectNode) node);
            }
        }
        Object userInfo = context.getContextData().get(OIDCIdentityProvider.USER_INFO);
        if (userInfo instanceof JsonNode node && node.isObject()) {
            claims.setAll((ObjectNode) node);
        }
        return claims;
    }

    /** Where each imported attribute came from: attribute -> {idp, claim, at}. */
    public static Map<String, Map<String, String>> provenance(UserModel user) {
        String raw = user.getFirstAttribute(EnrichmentAttributes.IMPORT_PROVENANCE);
        if (raw == null || raw.isBlank()) {
            return new LinkedHashMap<>();
        }
        try {
            return JSON.readValue(raw, new TypeReference<LinkedHashMap<String, Map<String, String>>>() { });
        } catch (java.io.IOException e) {
            return new LinkedHashMap<>();
        }
    }
}
