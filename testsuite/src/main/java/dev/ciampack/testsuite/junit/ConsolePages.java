package dev.ciampack.testsuite.junit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Calls of the admin console's extension pages as Keycloak 26.7's page handler makes them: the components API, with
 * the form's fields plus the route's parameters ({@code realm}, {@code providerId} and, when an item is edited,
 * {@code id} = the component's own id) in the config.
 */
public final class ConsolePages {

    /** Component provider type of every extension page. */
    public static final String UI_PAGE = "org.keycloak.services.ui.extend.UiPageProvider";

    private ConsolePages() {
    }

    /** The items of {@code page} in the realm. */
    public static JsonNode items(TestRealm realm, String page) {
        return realm.adminRest().get(realm.adminUrl() + "/components?type=" + UI_PAGE + "&providerId=" + page)
                .expect(200).json();
    }

    /** The item of {@code page} whose config field {@code key} has {@code value}, or null. */
    public static JsonNode item(TestRealm realm, String page, String key, String value) {
        for (JsonNode c : items(realm, page)) {
            if (c.at("/config/" + key + "/0").asText().equals(value)) {
                return c;
            }
        }
        return null;
    }

    /** The body a save of {@code page} sends ({@code componentId} null: a new item). */
    public static Map<String, Object> body(TestRealm realm, String page, String componentId, Map<String, List<String>> form) {
        Map<String, List<String>> config = new LinkedHashMap<>(form);
        config.put("realm", List.of(realm.name()));
        config.put("providerId", List.of(page));
        Map<String, Object> body = new LinkedHashMap<>();
        if (componentId != null) {
            body.put("id", componentId);
            config.put("id", List.of(componentId));
        }
        body.put("providerId", page);
        body.put("providerType", UI_PAGE);
        body.put("parentId", realm.admin().toRepresentation().getId());
        body.put("config", config);
        return body;
    }

    /** An item's config as the form holds it. */
    public static Map<String, List<String>> config(JsonNode item) {
        Map<String, List<String>> config = new LinkedHashMap<>();
        item.get("config").fields().forEachRemaining(f -> {
            List<String> values = new ArrayList<>();
            f.getValue().forEach(v -> values.add(v.asText()));
            config.put(f.getKey(), values);
        });
        return config;
    }
}
