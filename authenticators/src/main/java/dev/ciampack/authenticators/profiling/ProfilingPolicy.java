package dev.ciampack.authenticators.profiling;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A realm's progressive-profiling policy: how many questions per sign-in, and the ordered questions.
 * Parsed strictly: unknown fields, undeclared or read-only attributes, unknown purposes or clients and
 * out-of-range numbers are all reported, each with where it is.
 *
 * <pre>{"perSignIn": 1, "questions": [{"attribute": "homeType", "fromSignIn": 2,
 *   "clients": ["shop"], "purpose": "personalization", "scope": "profile",
 *   "benefit": "ciam-profile.benefit.homeType", "skippable": true, "snoozeDays": 30, "snoozeSignIns": 3}]}</pre>
 */
public record ProfilingPolicy(int perSignIn, List<Question> questions) {

    public static final int MAX_QUESTIONS = 50;
    public static final int MAX_PER_SIGN_IN = 5;

    /** One question: an attribute of the realm's User Profile and when to ask for it. */
    public record Question(String attribute, int fromSignIn, Set<String> clients, String purpose, String scope,
                           String benefit, boolean skippable, int snoozeDays, int snoozeSignIns) {
    }

    /** What the realm has, to check names against. */
    public record Realm(Set<String> editableAttributes, Set<String> declaredAttributes, Set<String> purposes,
                        Set<String> clients) {
    }

    public static final ProfilingPolicy EMPTY = new ProfilingPolicy(1, List.of());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> POLICY_FIELDS = Set.of("perSignIn", "questions");
    private static final Set<String> QUESTION_FIELDS = Set.of("attribute", "fromSignIn", "clients", "purpose", "scope",
            "benefit", "skippable", "snoozeDays", "snoozeSignIns");

    /**
     * The policy, or {@link InvalidPolicyException} listing every problem. A blank text is the empty
     * policy. With {@code realm} null only the structure is checked: names were checked against the
     * realm when the policy was saved, and sign-ins need not look them up again.
     */
    public static ProfilingPolicy parse(String text, Realm realm) {
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        List<String> errors = new ArrayList<>();
        JsonNode root;
        try {
            if (text.length() > 65_536) {
                throw new InvalidPolicyException(List.of("the policy is longer than 64 KB"));
            }
            root = JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new InvalidPolicyException(List.of("the policy is not valid JSON: " + firstLine(e.getMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidPolicyException(List.of("the policy must be a JSON object with perSignIn and questions"));
        }
        unknownFields(root, POLICY_FIELDS, "policy", errors);
        int perSignIn = integer(root, "perSignIn", 1, 1, MAX_PER_SIGN_IN, "policy", errors);
        List<Question> questions = new ArrayList<>();
        JsonNode list = root.get("questions");
        if (list == null || !list.isArray()) {
            errors.add("policy.questions must be a list");
        } else if (list.size() > MAX_QUESTIONS) {
            errors.add("policy.questions has " + list.size() + " questions; at most " + MAX_QUESTIONS);
        } else {
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < list.size(); i++) {
                Question question = question(list.get(i), "questions[" + i + "]", realm, errors);
                if (question != null && !seen.add(question.attribute())) {
                    errors.add("questions[" + i + "].attribute '" + question.attribute() + "' is asked twice");
                }
                if (question != null) {
                    questions.add(question);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidPolicyException(errors);
        }
        return new ProfilingPolicy(perSignIn, List.copyOf(questions));
    }

    private static Question question(JsonNode node, String where, Realm realm, List<String> errors) {
        if (node == null || !node.isObject()) {
            errors.add(where + " must be an object");
            return null;
        }
        unknownFields(node, QUESTION_FIELDS, where, errors);
        String attribute = text(node, "attribute", where, errors, true);
        if (attribute != null && realm != null) {
            if (!realm.declaredAttributes().contains(attribute)) {
                errors.add(where + ".attribute '" + attribute + "' is not declared in the realm's User Profile");
            } else if (!realm.editableAttributes().contains(attribute)) {
                errors.add(where + ".attribute '" + attribute + "' is not editable by users in the User Profile");
            }
        }
        Set<String> clients = new LinkedHashSet<>();
        JsonNode clientList = node.get("clients");
        if (clientList != null && !clientList.isNull()) {
            if (!clientList.isArray()) {
                errors.add(where + ".clients must be a list of client ids");
            } else {
                for (JsonNode client : clientList) {
                    if (!client.isTextual() || (realm != null && !realm.clients().contains(client.asText()))) {
                        errors.add(where + ".clients: no client '" + client.asText() + "' in the realm");
                    } else {
                        clients.add(client.asText());
                    }
                }
            }
        }
        String purpose = text(node, "purpose", where, errors, false);
        if (purpose != null && realm != null && !realm.purposes().contains(purpose)) {
            errors.add(where + ".purpose '" + purpose + "' is not a consent purpose of the realm");
        }
        String scope = text(node, "scope", where, errors, false);
        if (scope != null && !scope.matches("[A-Za-z0-9_:./-]{1,100}")) {
            errors.add(where + ".scope must be a scope name");
        }
        String benefit = text(node, "benefit", where, errors, false);
        if (benefit != null && !benefit.matches("[A-Za-z0-9_.-]{1,100}")) {
            errors.add(where + ".benefit must be a message key (letters, digits, '.', '_', '-')");
        }
        JsonNode skippable = node.get("skippable");
        if (skippable != null && !skippable.isBoolean()) {
            errors.add(where + ".skippable must be true or false");
        }
        return new Question(attribute, integer(node, "fromSignIn", 1, 1, 1000, where, errors), Set.copyOf(clients),
                purpose, scope, benefit, skippable == null || skippable.asBoolean(),
                integer(node, "snoozeDays", 30, 0, 365, where, errors),
                integer(node, "snoozeSignIns", 0, 0, 100, where, errors));
    }

    private static void unknownFields(JsonNode node, Set<String> known, String where, List<String> errors) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            String name = it.next().getKey();
            if (!known.contains(name)) {
                errors.add(where + " has an unknown field '" + abbreviate(name) + "'; known: " + new java.util.TreeSet<>(known));
            }
        }
    }

    private static String text(JsonNode node, String field, String where, List<String> errors, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(where + "." + field + " is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            errors.add(where + "." + field + " must be a non-empty string");
            return null;
        }
        return value.asText();
    }

    private static int integer(JsonNode node, String field, int fallback, int min, int max, String where,
                               List<String> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isInt() || value.asInt() < min || value.asInt() > max) {
            errors.add(where + "." + field + " must be a whole number from " + min + " to " + max + ", not "
                    + abbreviate(value.toString()));
            return fallback;
        }
        return value.asInt();
    }

    private static String abbreviate(String raw) {
        String clean = raw.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "..." : clean;
    }

    private static String firstLine(String text) {
        return text == null ? "" : abbreviate(text.lines().findFirst().orElse(""));
    }
}
