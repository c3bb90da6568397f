package dev.ciampack.authenticators.profiling;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.common.util.MultivaluedHashMap;

/**
 * One progressive-profiling question as the admin console page {@code ciam-profile-questions} keeps it: a component's
 * config. The question's JSON goes into the policy of the required action (its one store, with
 * {@link ProfilingPolicy#parse}'s validation); its benefit text per language goes into the realm's localization texts
 * under the question's message key, where the sign-in page's {@code msg()} finds it.
 */
final class QuestionConfig {

    static final String ATTRIBUTE = "attribute";
    static final String POSITION = "position";
    static final String FROM_SIGN_IN = "fromSignIn";
    static final String CLIENTS = "clients";
    static final String PURPOSE = "purpose";
    static final String SCOPE = "scope";
    static final String BENEFIT_TEXT = "benefitText";
    static final String BENEFIT = "benefit";
    static final String SKIPPABLE = "skippable";
    static final String SNOOZE_DAYS = "snoozeDays";
    static final String SNOOZE_SIGN_INS = "snoozeSignIns";

    /** Message key of a question's benefit when the page gives none: {@code ciam-profile.benefit.<attribute>}. */
    static final String BENEFIT_KEY_PREFIX = "ciam-profile.benefit.";
    static final int MAX_BENEFIT = 500;
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[a-z]{2,3}([-_][A-Z]{2}|[-_][A-Za-z]{4})?");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern AT = Pattern.compile("^questions\\[(\\d+)\\]\\.?");

    /** What the page's form holds, ready to store: the policy's new text and the benefit texts by language. */
    record Merged(String policy, String benefitKey, Map<String, String> benefitTexts) {
    }

    private QuestionConfig() {
    }

    static String attribute(Map<String, List<String>> config) {
        return first(config, ATTRIBUTE);
    }

    /**
     * The policy with the page's question put at its position (1 = asked first; beyond the end or blank = last),
     * replacing the question of the same attribute; with the benefit texts checked.
     *
     * @param policy the stored policy's JSON (blank: none yet)
     * @param facts  what the realm has, for {@link ProfilingPolicy#parse}
     * @throws InvalidPolicyException naming every problem, those of the page's question by field alone
     */
    static Merged merge(String policy, Map<String, List<String>> config, ProfilingPolicy.Realm facts) {
        List<String> errors = new ArrayList<>();
        ObjectNode root = root(policy);
        ArrayNode questions = root.withArray("questions");
        ObjectNode question = node(config, errors);
        String attribute = question.path(ATTRIBUTE).asText(null);
        for (int i = questions.size() - 1; i >= 0; i--) {
            if (attribute != null && attribute.equals(questions.get(i).path(ATTRIBUTE).asText())) {
                questions.remove(i);
            }
        }
        int index = questions.size();
        String position = first(config, POSITION);
        if (position != null && !position.isBlank()) {
            if (position.strip().matches("\\d{1,3}") && Integer.parseInt(position.strip()) >= 1) {
                index = Math.min(Integer.parseInt(position.strip()) - 1, questions.size());
            } else {
                errors.add("position must be a whole number of 1 or more (got '" + position + "')");
            }
        }
        questions.insert(index, question);
        Map<String, String> texts = benefitTexts(first(config, BENEFIT_TEXT), errors);
        String text = root.toString();
        try {
            ProfilingPolicy.parse(text, facts);
        } catch (InvalidPolicyException e) {
            for (String error : e.errors()) {
                errors.add(own(error, index));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidPolicyException(errors);
        }
        return new Merged(text, benefitKey(question), texts);
    }

    /** The policy without the question of {@code attribute}. */
    static String without(String policy, String attribute) {
        ObjectNode root = root(policy);
        ArrayNode questions = root.withArray("questions");
        for (int i = questions.size() - 1; i >= 0; i--) {
            if (questions.get(i).path(ATTRIBUTE).asText().equals(attribute)) {
                questions.remove(i);
            }
        }
        return root.toString();
    }

    /** The page's config of the policy's question at {@code index}, with its benefit texts by language. */
    static MultivaluedHashMap<String, String> config(ProfilingPolicy.Question q, int index, Map<String, String> texts) {
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle(ATTRIBUTE, q.attribute());
        config.putSingle(POSITION, Integer.toString(index + 1));
        config.putSingle(FROM_SIGN_IN, Integer.toString(q.fromSignIn()));
        if (!q.clients().isEmpty()) {
            config.put(CLIENTS, new ArrayList<>(new java.util.TreeSet<>(q.clients())));
        }
        if (q.purpose() != null) {
            config.putSingle(PURPOSE, q.purpose());
        }
        if (q.scope() != null) {
            config.putSingle(SCOPE, q.scope());
        }
        if (q.benefit() != null) {
            config.putSingle(BENEFIT, q.benefit());
        }
        ArrayNode list = JSON.createArrayNode();
        new TreeMap<>(texts).forEach((language, text) -> list.addObject().put("key", language).put("value", text));
        config.putSingle(BENEFIT_TEXT, list.toString());
        config.putSingle(SKIPPABLE, Boolean.toString(q.skippable()));
        config.putSingle(SNOOZE_DAYS, Integer.toString(q.snoozeDays()));
        config.putSingle(SNOOZE_SIGN_INS, Integer.toString(q.snoozeSignIns()));
        return config;
    }

    /** The message key of a question's benefit: its own, else {@code ciam-profile.benefit.<attribute>}. */
    static String benefitKey(ProfilingPolicy.Question q) {
        return q.benefit() != null ? q.benefit() : BENEFIT_KEY_PREFIX + q.attribute();
    }

    private static String benefitKey(JsonNode question) {
        return question.path(BENEFIT).asText(BENEFIT_KEY_PREFIX + question.path(ATTRIBUTE).asText());
    }

    /** The question as policy JSON: blank fields left out, numbers as numbers when they are numbers. */
    static ObjectNode node(Map<String, List<String>> config, List<String> errors) {
        ObjectNode node = JSON.createObjectNode();
        putText(node, ATTRIBUTE, first(config, ATTRIBUTE));
        putNumber(node, FROM_SIGN_IN, first(config, FROM_SIGN_IN));
        List<String> clients = config.getOrDefault(CLIENTS, List.of()).stream()
                .filter(c -> c != null && !c.isBlank()).map(String::strip).toList();
        if (!clients.isEmpty()) {
            ArrayNode list = node.putArray(CLIENTS);
            clients.forEach(list::add);
        }
        putText(node, PURPOSE, first(config, PURPOSE));
        putText(node, SCOPE, first(config, SCOPE));
        String benefit = first(config, BENEFIT);
        String texts = first(config, BENEFIT_TEXT);
        if (benefit != null && !benefit.isBlank()) {
            node.put(BENEFIT, benefit.strip());
        } else if (texts != null && !texts.isBlank() && !"[]".equals(texts.strip()) && node.has(ATTRIBUTE)) {
            node.put(BENEFIT, BENEFIT_KEY_PREFIX + node.get(ATTRIBUTE).asText());
        }
        String skippable = first(config, SKIPPABLE);
        node.put(SKIPPABLE, skippable == null || skippable.isBlank() || Boolean.parseBoolean(skippable));
        putNumber(node, SNOOZE_DAYS, first(config, SNOOZE_DAYS));
        putNumber(node, SNOOZE_SIGN_INS, first(config, SNOOZE_SIGN_INS));
        return node;
    }

    private static Map<String, String> benefitTexts(String keyValues, List<String> errors) {
        Map<String, String> texts = new LinkedHashMap<>();
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
            errors.add(BENEFIT_TEXT + " must be a list of language and text pairs");
            return texts;
        }
        for (JsonNode entry : list) {
            String language = entry.path("key").asText("").strip();
            String text = entry.path("value").asText("").strip();
            if (language.isEmpty()) {
                continue;
            }
            if (!LANGUAGE_TAG.matcher(language).matches()) {
                errors.add(BENEFIT_TEXT + " key '" + abbreviate(language) + "' is not a language tag such as en or pt-BR");
            } else if (texts.containsKey(language)) {
                errors.add(BENEFIT_TEXT + " has language '" + language + "' twice");
            } else if (text.isEmpty()) {
                errors.add(BENEFIT_TEXT + "." + language + " must be non-empty text");
            } else if (text.length() > MAX_BENEFIT) {
                errors.add(BENEFIT_TEXT + "." + language + " must be at most " + MAX_BENEFIT + " characters");
            } else {
                texts.put(language, text);
            }
        }
        return texts;
    }

    private static ObjectNode root(String policy) {
        if (policy == null || policy.isBlank()) {
            ObjectNode root = JSON.createObjectNode();
            root.put("perSignIn", 1);
            root.putArray("questions");
            return root;
        }
        try {
            JsonNode root = JSON.readTree(policy);
            if (root instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // Named below.
        }
        throw new InvalidPolicyException(List.of("the stored policy is not a JSON object: fix it in the required "
                + "action's configuration first"));
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (value != null && !value.isBlank()) {
            node.put(field, value.strip());
        }
    }

    private static void putNumber(ObjectNode node, String field, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        if (value.strip().matches("-?\\d{1,9}")) {
            node.put(field, Integer.parseInt(value.strip()));
        } else {
            node.put(field, value);
        }
    }

    private static String own(String error, int index) {
        Matcher m = AT.matcher(error);
        if (m.find() && Integer.parseInt(m.group(1)) == index) {
            String rest = error.substring(m.end());
            return rest.startsWith("has ") ? "this question " + rest : rest;
        }
        return error;
    }

    private static String abbreviate(String raw) {
        return raw.length() > 40 ? raw.substring(0, 40) + "..." : raw;
    }

    private static String first(Map<String, List<String>> config, String key) {
        List<String> values = config.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
