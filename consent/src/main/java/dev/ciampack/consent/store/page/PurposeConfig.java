package dev.ciampack.consent.store.page;

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

import dev.ciampack.consent.spi.InvalidPurposesException;
import dev.ciampack.consent.spi.Purpose;
import dev.ciampack.consent.store.PurposesJson;

/**
 * One purpose as the admin console page {@code ciam-consent-purposes} keeps it: a component's config, with the
 * per-language texts in the console's key/value form ({@code [{"key":"pt-BR","value":"..."}]}). Converting is
 * lossless both ways; validation is {@link PurposesJson}'s, applied to the realm's whole list with the page's purpose
 * in it, so the page and the REST API refuse the same things.
 */
public final class PurposeConfig {

    static final String ID = "purposeId";
    private static final String JSON_ID = "id";
    static final String VERSION = "version";
    static final String REQUIRED = "required";
    static final String TITLE = "title";
    static final String DESCRIPTION = "description";
    static final String POLICY_URL = "policyUrl";
    static final String POLICY_URLS = "policyUrls";
    static final String DATA_CATEGORIES = "dataCategories";
    static final String GPC = "gpc";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern AT = Pattern.compile("^purposes\\[(\\d+)\\]\\.?");

    private PurposeConfig() {
    }

    /** The purpose's id in a component's config, or null. */
    static String id(Map<String, List<String>> config) {
        return first(config, ID);
    }

    /** A purpose as component config (texts sorted by language tag). */
    public static MultivaluedHashMap<String, String> config(Purpose purpose) {
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle(ID, purpose.id());
        config.putSingle(VERSION, Integer.toString(purpose.version()));
        config.putSingle(REQUIRED, Boolean.toString(purpose.required()));
        config.putSingle(TITLE, keyValues(purpose.title()));
        config.putSingle(DESCRIPTION, keyValues(purpose.description()));
        if (purpose.policyUrl() != null) {
            config.putSingle(POLICY_URL, purpose.policyUrl());
        }
        if (!purpose.policyUrls().isEmpty()) {
            config.putSingle(POLICY_URLS, keyValues(purpose.policyUrls()));
        }
        if (!purpose.dataCategories().isEmpty()) {
            config.put(DATA_CATEGORIES, new ArrayList<>(purpose.dataCategories()));
        }
        config.putSingle(GPC, Boolean.toString(purpose.optedOutByGpc()));
        return config;
    }

    /**
     * The realm's purposes with the one in {@code config} added (at the end) or put in place of the one with its id.
     *
     * @throws InvalidPurposesException naming every problem, those of the page's purpose by field alone
     *                                  ({@code title.pt-BR must be non-empty text})
     */
    public static List<Purpose> merge(List<Purpose> current, Map<String, List<String>> config) {
        List<String> errors = new ArrayList<>();
        ObjectNode edited = node(config, errors);
        ArrayNode all = (ArrayNode) PurposesJson.tree(current);
        int index = all.size();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).path(JSON_ID).asText().equals(edited.path(JSON_ID).asText())) {
                index = i;
            }
        }
        if (index == all.size()) {
            all.add(edited);
        } else {
            all.set(index, edited);
        }
        List<Purpose> next = List.of();
        try {
            next = PurposesJson.fromTree(all);
            PurposesJson.checkReplacement(current, next);
        } catch (InvalidPurposesException e) {
            for (String error : e.errors()) {
                errors.add(own(error, index));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidPurposesException(errors);
        }
        return next;
    }

    /** The purpose's fields as the JSON the REST API takes; what cannot be read is left for the validation to name. */
    static ObjectNode node(Map<String, List<String>> config, List<String> errors) {
        ObjectNode node = JSON.createObjectNode();
        String id = first(config, ID);
        if (id != null) {
            node.put(JSON_ID, id.strip());
        }
        String version = first(config, VERSION);
        if (version == null || version.isBlank()) {
            node.put(VERSION, 1);
        } else if (version.strip().matches("\\d{1,9}")) {
            node.put(VERSION, Integer.parseInt(version.strip()));
        } else {
            node.put(VERSION, version);
        }
        node.put(REQUIRED, Boolean.parseBoolean(first(config, REQUIRED)));
        node.set(TITLE, texts(first(config, TITLE), TITLE, errors));
        node.set(DESCRIPTION, texts(first(config, DESCRIPTION), DESCRIPTION, errors));
        String policyUrl = first(config, POLICY_URL);
        if (policyUrl != null && !policyUrl.isBlank()) {
            node.put(POLICY_URL, policyUrl.strip());
        }
        ObjectNode policyUrls = texts(first(config, POLICY_URLS), POLICY_URLS, errors);
        if (!policyUrls.isEmpty()) {
            node.set(POLICY_URLS, policyUrls);
        }
        ArrayNode categories = node.putArray(DATA_CATEGORIES);
        config.getOrDefault(DATA_CATEGORIES, List.of()).stream()
                .filter(c -> c != null && !c.isBlank()).forEach(c -> categories.add(c.strip()));
        if (Boolean.parseBoolean(first(config, GPC))) {
            node.put(GPC, Purpose.GPC_OPT_OUT);
        }
        return node;
    }

    /** {@code [{"key":"en","value":"..."}]} to {@code {"en":"..."}}; a language given twice is named. */
    private static ObjectNode texts(String keyValues, String field, List<String> errors) {
        ObjectNode texts = JSON.createObjectNode();
        if (keyValues == null || keyValues.isBlank()) {
            return texts;
        }
        JsonNode list;
        try {
            list = JSON.readTree(keyValues);
        } catch (IOException e) {
            list = null;
        }
        if (list == null || !list.isArray()) {
            errors.add(field + " must be a list of language and text pairs");
            return texts;
        }
        for (JsonNode entry : list) {
            String language = entry.path("key").asText("").strip();
            if (language.isEmpty()) {
                continue;
            }
            if (texts.has(language)) {
                errors.add(field + " has language '" + language + "' twice");
            }
            texts.put(language, entry.path("value").asText(""));
        }
        return texts;
    }

    private static String keyValues(Map<String, String> texts) {
        ArrayNode list = JSON.createArrayNode();
        texts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> list.addObject().put("key", e.getKey()).put("value", e.getValue()));
        return list.toString();
    }

    /** A validation message of the page's own purpose without its list position; others keep theirs. */
    private static String own(String error, int index) {
        Matcher m = AT.matcher(error);
        if (m.find() && Integer.parseInt(m.group(1)) == index) {
            String rest = error.substring(m.end());
            return rest.startsWith("has ") || rest.startsWith("cannot ") ? "this purpose " + rest : rest;
        }
        return error;
    }

    private static String first(Map<String, List<String>> config, String key) {
        List<String> values = config.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
