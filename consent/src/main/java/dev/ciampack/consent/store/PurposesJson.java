package dev.ciampack.consent.store;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ciampack.consent.spi.InvalidPurposesException;
import dev.ciampack.consent.spi.Purpose;

/**
 * Reads, validates and writes purpose definitions (the JSON kept in the realm attribute
 * {@value #REALM_ATTRIBUTE}). Validation reports every problem at once, with its JSON path.
 */
public final class PurposesJson {

    /** Realm attribute holding the purposes as a JSON array. */
    public static final String REALM_ATTRIBUTE = "ciam.consent.purposes";

    static final int MAX_PURPOSES = 50;
    static final int MAX_TITLE = 200;
    static final int MAX_DESCRIPTION = 4000;
    static final int MAX_CATEGORIES = 20;
    static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{1,39}");
    static final Pattern LANGUAGE_TAG = Pattern.compile("[a-z]{2,3}(-[A-Z]{2}|-[A-Za-z]{4})?");
    static final Pattern CATEGORY = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final Set<String> FIELDS = Set.of("id", "version", "required", "title", "description",
            "policyUrl", "policyUrls", "dataCategories", "gpc");
    private static final ObjectMapper JSON = new ObjectMapper();

    private PurposesJson() {
    }

    /** Parses and validates; throws {@link InvalidPurposesException} listing every problem. */
    public static List<Purpose> parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json == null ? "" : json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidPurposesException(List.of("purposes are not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidPurposesException(List.of("purposes are not valid JSON: " + e.getMessage()));
        }
        return fromTree(root);
    }

    /** Validates an already parsed JSON array. */
    public static List<Purpose> fromTree(JsonNode root) {
        List<String> errors = new ArrayList<>();
        if (root == null || !root.isArray()) {
            throw new InvalidPurposesException(List.of("purposes must be a JSON array of purpose objects"));
        }
        if (root.size() > MAX_PURPOSES) {
            errors.add("at most " + MAX_PURPOSES + " purposes are allowed, got " + root.size());
        }
        List<Purpose> purposes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            String at = "purposes[" + i + "]";
            JsonNode node = root.get(i);
            if (!node.isObject()) {
                errors.add(at + " must be an object");
                continue;
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!FIELDS.contains(name)) {
                    errors.add(at + " has unknown field '" + name + "' (allowed: " + String.join(", ",
                            FIELDS.stream().sorted().toList()) + ")");
                }
            }
            String id = text(node, "id");
            if (id == null || !ID.matcher(id).matches()) {
                errors.add(at + ".id must be 2 to 40 characters: a lower-case letter, then lower-case letters, "
                        + "digits or '_' (got " + quote(node.get("id")) + ")");
            } else if (!ids.add(id)) {
                errors.add(at + ".id '" + id + "' is used by another purpose");
            }
            JsonNode versionNode = node.get("version");
            int version = 0;
            if (versionNode == null || !versionNode.isIntegralNumber() || versionNode.asLong() < 1
                    || versionNode.asLong() > Integer.MAX_VALUE) {
                errors.add(at + ".version must be a whole number of 1 or more (got " + quote(versionNode) + ")");
            } else {
                version = versionNode.asInt();
            }
            JsonNode requiredNode = node.get("required");
            if (requiredNode != null && !requiredNode.isBoolean()) {
                errors.add(at + ".required must be true or false (got " + quote(requiredNode) + ")");
            }
            Map<String, String> title = texts(node, "title", at, MAX_TITLE, errors);
            Map<String, String> description = texts(node, "description", at, MAX_DESCRIPTION, errors);
            String policyUrl = text(node, "policyUrl");
            if (node.has("policyUrl") && !node.get("policyUrl").isNull() && !isHttpUrl(policyUrl)) {
                errors.add(at + ".policyUrl must be an absolute http or https URL (got "
                        + quote(node.get("policyUrl")) + ")");
            }
            Map<String, String> policyUrls = new LinkedHashMap<>();
            JsonNode links = node.get("policyUrls");
            if (links != null && !links.isNull()) {
                if (!links.isObject()) {
                    errors.add(at + ".policyUrls must be an object of language tag to http or https URL, "
                            + "e.g. {\"pt-BR\": \"https://...\"}");
                } else {
                    for (Iterator<Map.Entry<String, JsonNode>> it = links.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        if (!LANGUAGE_TAG.matcher(e.getKey()).matches()) {
                            errors.add(at + ".policyUrls key '" + e.getKey() + "' is not a language tag such as en "
                                    + "or pt-BR");
                        } else if (!e.getValue().isTextual() || !isHttpUrl(e.getValue().asText())) {
                            errors.add(at + ".policyUrls." + e.getKey() + " must be an absolute http or https URL "
                                    + "(got " + quote(e.getValue()) + ")");
                        } else {
                            policyUrls.put(e.getKey(), e.getValue().asText());
                        }
                    }
                }
            }
            List<String> categories = new ArrayList<>();
            JsonNode cats = node.get("dataCategories");
            if (cats != null && !cats.isNull()) {
                if (!cats.isArray() || cats.size() > MAX_CATEGORIES) {
                    errors.add(at + ".dataCategories must be an array of at most " + MAX_CATEGORIES + " names");
                } else {
                    for (JsonNode cat : cats) {
                        if (!cat.isTextual() || !CATEGORY.matcher(cat.asText()).matches()) {
                            errors.add(at + ".dataCategories has " + quote(cat)
                                    + "; use lower-case names such as email or purchase_history");
                        } else {
                            categories.add(cat.asText());
                        }
                    }
                }
            }
            String gpc = null;
            JsonNode gpcNode = node.get("gpc");
            if (gpcNode != null && !gpcNode.isNull()) {
                if (!Purpose.GPC_OPT_OUT.equals(gpcNode.asText()) || !gpcNode.isTextual()) {
                    errors.add(at + ".gpc must be \"" + Purpose.GPC_OPT_OUT + "\" (the purpose is a sale or sharing of "
                            + "personal data, which Global Privacy Control opts out of) or be left out (got "
                            + quote(gpcNode) + ")");
                } else if (requiredNode != null && requiredNode.asBoolean()) {
                    errors.add(at + " cannot be both required and gpc opt-out: selling or sharing personal data "
                            + "cannot be a condition of signing in");
                } else {
                    gpc = Purpose.GPC_OPT_OUT;
                }
            }
            purposes.add(new Purpose(id, version, requiredNode != null && requiredNode.asBoolean(), title,
                    description, policyUrl, categories, gpc, policyUrls));
        }
        if (!errors.isEmpty()) {
            throw new InvalidPurposesException(errors);
        }
        return List.copyOf(purposes);
    }

    /** Extra rules when replacing {@code previous}: a purpose's version never goes down. */
    public static void checkReplacement(List<Purpose> previous, List<Purpose> next) {
        Map<String, Integer> before = new LinkedHashMap<>();
        previous.forEach(p -> before.put(p.id(), p.version()));
        List<String> errors = new ArrayList<>();
        for (Purpose p : next) {
            Integer old = before.get(p.id());
            if (old != null && p.version() < old) {
                errors.add("version of '" + p.id() + "' cannot go down from " + old + " to " + p.version());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidPurposesException(errors);
        }
    }

    public static String write(List<Purpose> purposes) {
        ArrayNode array = JSON.createArrayNode();
        for (Purpose p : purposes) {
            ObjectNode node = array.addObject();
            node.put("id", p.id());
            node.put("version", p.version());
            node.put("required", p.required());
            ObjectNode title = node.putObject("title");
            p.title().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> title.put(e.getKey(), e.getValue()));
            ObjectNode description = node.putObject("description");
            p.description().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> description.put(e.getKey(), e.getValue()));
            if (p.policyUrl() != null) {
                node.put("policyUrl", p.policyUrl());
            }
            if (!p.policyUrls().isEmpty()) {
                ObjectNode links = node.putObject("policyUrls");
                p.policyUrls().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .forEach(e -> links.put(e.getKey(), e.getValue()));
            }
            ArrayNode cats = node.putArray("dataCategories");
            p.dataCategories().forEach(cats::add);
            if (p.gpc() != null) {
                node.put("gpc", p.gpc());
            }
        }
        try {
            return JSON.writeValueAsString(array);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tree form of purposes, for REST responses. */
    public static JsonNode tree(List<Purpose> purposes) {
        try {
            return JSON.readTree(write(purposes));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> texts(JsonNode node, String field, String at, int max, List<String> errors) {
        Map<String, String> texts = new LinkedHashMap<>();
        JsonNode value = node.get(field);
        if (value == null || !value.isObject() || value.isEmpty()) {
            errors.add(at + "." + field + " must be an object of language tag to text with at least one entry, "
                    + "e.g. {\"en\": \"...\"}");
            return texts;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!LANGUAGE_TAG.matcher(e.getKey()).matches()) {
                errors.add(at + "." + field + " key '" + e.getKey() + "' is not a language tag such as en or pt-BR");
            } else if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                errors.add(at + "." + field + "." + e.getKey() + " must be non-empty text");
            } else if (e.getValue().asText().length() > max) {
                errors.add(at + "." + field + "." + e.getKey() + " must be at most " + max + " characters");
            } else {
                texts.put(e.getKey(), e.getValue().asText());
            }
        }
        return texts;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static boolean isHttpUrl(String value) {
        if (value == null) {
            return false;
        }
        try {
            URI uri = URI.create(value);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String quote(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String s = node.toString();
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
