package dev.ciampack.consent.signals;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.ciampack.consent.spi.ConsentProvider;

/**
 * Google Consent Mode v2 from the person's purposes: a per-realm mapping from each consent type
 * ({@code ad_storage}, {@code analytics_storage}, {@code ad_user_data}, {@code ad_personalization}) to the
 * purposes that must all be granted (current version) for it to be {@code granted}; anything else is
 * {@code denied}: a type the mapping leaves out, a purpose the person did not grant, a realm without a mapping.
 * Kept as JSON in the realm attribute {@value #REALM_ATTRIBUTE} (not a secret: the mapping is public policy).
 */
public final class ConsentMode {

    public static final String REALM_ATTRIBUTE = "ciam.consent.consentMode";
    /** The consent types of Consent Mode v2, in Google's order. */
    public static final List<String> TYPES = List.of("ad_storage", "analytics_storage", "ad_user_data",
            "ad_personalization");
    public static final String GRANTED = "granted";
    public static final String DENIED = "denied";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConsentMode() {
    }

    /**
     * A mapping checked against the realm's purpose ids. @throws IllegalArgumentException naming every problem
     */
    public static Map<String, List<String>> parse(JsonNode body, Set<String> purposeIds) {
        List<String> errors = new ArrayList<>();
        Map<String, List<String>> mapping = new LinkedHashMap<>();
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the consent mode mapping must be an object of consent type to "
                    + "purpose ids, e.g. {\"ad_storage\": [\"advertising\"]}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String type = field.getKey();
            if (!TYPES.contains(type)) {
                errors.add("'" + shorten(type) + "' is not a Consent Mode v2 type (" + String.join(", ", TYPES) + ")");
                continue;
            }
            JsonNode purposes = field.getValue();
            if (!purposes.isArray() || purposes.isEmpty() || purposes.size() > 10) {
                errors.add(type + " must list 1 to 10 purpose ids that must all be granted");
                continue;
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode id : purposes) {
                if (!id.isTextual() || !purposeIds.contains(id.asText())) {
                    errors.add(type + ": " + shorten(id.toString()) + " is not a purpose of this realm");
                } else {
                    ids.add(id.asText());
                }
            }
            mapping.put(type, List.copyOf(ids));
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        return mapping;
    }

    /** The realm's stored mapping; empty when there is none or it cannot be read (then everything is denied). */
    public static Map<String, List<String>> of(RealmModel realm) {
        String stored = realm.getAttribute(REALM_ATTRIBUTE);
        if (stored == null || stored.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, List<String>> mapping = new LinkedHashMap<>();
            JSON.readTree(stored).fields().forEachRemaining(f -> {
                List<String> ids = new ArrayList<>();
                f.getValue().forEach(id -> ids.add(id.asText()));
                if (TYPES.contains(f.getKey()) && !ids.isEmpty()) {
                    mapping.put(f.getKey(), ids);
                }
            });
            return mapping;
        } catch (java.io.IOException e) {
            return Map.of();
        }
    }

    public static String write(Map<String, List<String>> mapping) {
        try {
            return JSON.writeValueAsString(mapping);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every Consent Mode type, {@code granted} only if the mapping lists it and every listed purpose may be used. */
    public static Map<String, String> states(Map<String, List<String>> mapping, java.util.function.Predicate<String> mayUse) {
        Map<String, String> states = new LinkedHashMap<>();
        for (String type : TYPES) {
            List<String> purposes = mapping.get(type);
            states.put(type, purposes != null && !purposes.isEmpty() && purposes.stream().allMatch(mayUse) ? GRANTED : DENIED);
        }
        return states;
    }

    /** The person's Consent Mode states in the realm. */
    public static Map<String, String> of(ConsentProvider consent, RealmModel realm, UserModel user) {
        return states(of(realm), purpose -> consent.mayUse(realm, user, purpose));
    }

    private static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
