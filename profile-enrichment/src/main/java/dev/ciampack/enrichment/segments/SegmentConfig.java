package dev.ciampack.enrichment.segments;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.common.util.MultivaluedHashMap;

/**
 * One segment as the admin console page {@code ciam-segments} keeps it: name, position, and its two condition lists as
 * small JSON values (the console's forms have no field for a list of conditions). The segment goes into the rules of
 * the required action {@code ciam-login-context}, their one store, through {@link SegmentRules#parse}.
 */
public final class SegmentConfig {

    static final String NAME = "name";
    static final String POSITION = "position";
    static final String ALL = "all";
    static final String ANY = "any";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern AT = Pattern.compile("segments\\[(\\d+)\\]\\.?");

    private SegmentConfig() {
    }

    static String name(Map<String, List<String>> config) {
        return first(config, NAME);
    }

    /**
     * The rules with the page's segment put at its position (1 = first; blank or beyond the end = last), replacing the
     * segment of the same name.
     *
     * @throws IllegalArgumentException naming every problem, those of the page's segment by field alone
     */
    public static String merge(String rules, Map<String, List<String>> config) {
        List<String> errors = new ArrayList<>();
        ArrayNode list = list(rules);
        ObjectNode segment = JSON.createObjectNode();
        String name = first(config, NAME);
        if (name != null) {
            segment.put(NAME, name.strip());
        }
        condition(segment, ALL, first(config, ALL), errors);
        condition(segment, ANY, first(config, ANY), errors);
        for (int i = list.size() - 1; i >= 0; i--) {
            if (name != null && name.strip().equals(list.get(i).path(NAME).asText())) {
                list.remove(i);
            }
        }
        int index = list.size();
        String position = first(config, POSITION);
        if (position != null && !position.isBlank()) {
            if (position.strip().matches("\\d{1,3}") && Integer.parseInt(position.strip()) >= 1) {
                index = Math.min(Integer.parseInt(position.strip()) - 1, list.size());
            } else {
                errors.add("position must be a whole number of 1 or more (got '" + position + "')");
            }
        }
        list.insert(index, segment);
        String text = list.toString();
        try {
            SegmentRules.parse(text);
        } catch (IllegalArgumentException e) {
            for (String error : e.getMessage().split("; ")) {
                errors.add(own(error, index));
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        return text;
    }

    /** The rules without the segment named {@code name}. */
    public static String without(String rules, String name) {
        ArrayNode list = list(rules);
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i).path(NAME).asText().equals(name)) {
                list.remove(i);
            }
        }
        return list.toString();
    }

    /** The page's config of each segment of {@code rules}, in order (rules that do not parse: none). */
    public static List<MultivaluedHashMap<String, String>> configs(String rules) {
        List<MultivaluedHashMap<String, String>> configs = new ArrayList<>();
        try {
            SegmentRules.parse(rules);
        } catch (IllegalArgumentException e) {
            return configs;
        }
        ArrayNode list = list(rules);
        for (int i = 0; i < list.size(); i++) {
            JsonNode segment = list.get(i);
            MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
            config.putSingle(NAME, segment.path(NAME).asText());
            config.putSingle(POSITION, Integer.toString(i + 1));
            config.putSingle(ALL, segment.has(ALL) ? segment.get(ALL).toString() : "");
            config.putSingle(ANY, segment.has(ANY) ? segment.get(ANY).toString() : "");
            configs.add(config);
        }
        return configs;
    }

    private static void condition(ObjectNode segment, String field, String json, List<String> errors) {
        if (json == null || json.isBlank()) {
            return;
        }
        try {
            JsonNode value = JSON.readTree(json);
            if (value == null || !value.isArray()) {
                errors.add(field + " must be a JSON list of conditions, e.g. [{\"attribute\": \"homeType\", "
                        + "\"equals\": \"apartment\"}]");
            } else if (!value.isEmpty()) {
                segment.set(field, value);
            }
        } catch (IOException e) {
            errors.add(field + " is not valid JSON: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    private static ArrayNode list(String rules) {
        if (rules == null || rules.isBlank()) {
            return JSON.createArrayNode();
        }
        try {
            JsonNode root = JSON.readTree(rules);
            if (root instanceof ArrayNode array) {
                return array;
            }
        } catch (IOException e) {
            // Named below.
        }
        throw new IllegalArgumentException("the stored segment rules are not a JSON list: fix them in the required "
                + "action's configuration first");
    }

    private static String own(String error, int index) {
        Matcher m = AT.matcher(error);
        if (m.lookingAt() && Integer.parseInt(m.group(1)) == index) {
            String rest = error.substring(m.end()).strip();
            return rest.startsWith("needs ") || rest.startsWith("must ") ? "this segment " + rest : rest;
        }
        return error;
    }

    private static String first(Map<String, List<String>> config, String key) {
        List<String> values = config.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
