package dev.ciampack.enrichment.export;

import java.util.LinkedHashMap;
import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.ciampack.consent.spi.PersonalDataSection;
import dev.ciampack.enrichment.api.EnrichmentAttributes;
import dev.ciampack.enrichment.social.ClaimImportMapper;

/**
 * Section {@code enrichment} of a person's data export: the analytics anonymous ids linked to them, their
 * segments, their sign-in context (first and last sign-in, count, applications, sign-up campaign,
 * preferred locale) and which attributes were imported from an identity provider (which provider, which
 * claim, when).
 */
public final class EnrichmentPersonalData extends PersonalDataSection {

    public static final String ID = "enrichment";

    public EnrichmentPersonalData() {
        super(ID, 70);
    }

    @Override
    public Object collect(KeycloakSession session, RealmModel realm, UserModel user) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("anonymousIds", user.getAttributeStream(EnrichmentAttributes.ANONYMOUS_IDS).toList());
        section.put("segments", user.getAttributeStream(EnrichmentAttributes.SEGMENTS).sorted().toList());
        Map<String, Object> context = new LinkedHashMap<>();
        for (String attribute : EnrichmentAttributes.LOGIN_CONTEXT) {
            context.put(attribute, user.getFirstAttribute(attribute));
        }
        section.put("loginContext", context);
        section.put("importedFromIdentityProviders", ClaimImportMapper.provenance(user).entrySet().stream().map(e -> {
            Map<String, Object> imported = new LinkedHashMap<>();
            imported.put("attribute", e.getKey());
            imported.put("identityProvider", e.getValue().get("idp"));
            imported.put("claim", e.getValue().get("claim"));
            imported.put("importedAt", e.getValue().get("at"));
            return imported;
        }).toList());
        return section;
    }
}
