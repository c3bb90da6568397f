package dev.ciampack.enrichment.segments;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A realm's segment rules: each segment is a name and conditions on profile and context attributes and
 * on consent; a person belongs to it when all (or any) of its conditions hold. Parsed strictly and
 * evaluated as pure logic.
 *
 * <pre>[{"name": "returning", "all": [{"attribute": "ciam_login_count", "gte": 3}]},
 *  {"name": "apartment-boho", "all": [{"attribute": "homeType", "equals": "apartment"},
 *                                     {"attribute": "style", "in": ["boho-chic"]}, {"consent": "personalization"}]},
 *  {"name": "from-newsletter", "any": [{"attribute": "ciam_signup_utm_source", "equals": "newsletter"}]}]</pre>
 */
public record SegmentRules(List<Segment> segments) {

    public static final int MAX_SEGMENTS = 50;
    public static final int MAX_CONDITIONS = 10;

    /** One condition; exactly one test is set. */
    public record Condition(String attribute, String equals, Set<String> in, Boolean present, BigDecimal gte,
                            BigDecimal lte, String consent) {

        boolean holds(Map<String, List<String>> attributes, Set<String> granted) {
            if (consent != null) {
                return granted.contains(consent);
            }
            List<String> values = attributes.getOrDefault(attribute, List.of());
            String first = values.isEmpty() ? null : values.get(0);
            if (present != null) {
                return present == (first != null && !first.isBlank());
            }
            if (equals != null) {
                return values.contains(equals);
            }
            if (in != null) {
                return values.stream().anyMatch(in::contains);
            }
            BigDecimal number = number(first);
            if (number == null) {
                return false;
            }
            return (gte == null || number.compareTo(gte) >= 0) && (lte == null || number.compareTo(lte) <= 0);
        }

        private static BigDecimal number(String value) {
            try {
                return value == null ? null : new BigDecimal(value.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** A named segment: all of {@code all} and at least one of {@code any} (an absent list always holds). */
    public record Segment(String name, List<Condition> all, List<Condition> any) {
        boolean matches(Map<String, List<String>> attributes, Set<String> granted) {
            return all.stream().allMatch(c -> c.holds(attributes, granted))
                    && (any.isEmpty() || any.stream().anyMatch(c -> c.holds(attributes, granted)));
        }
    }

    public static final SegmentRules NONE = new SegmentRules(List.of());

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The segments the person belongs to, sorted. */
    public Set<String> evaluate(Map<String, List<String>> attributes, Set<String> grantedPurposes) {
        Set<String> names = new TreeSet<>();
        for (Segment segment : segments) {
            if (segment.matches(attributes, grantedPurposes)) {
                names.add(segment.name());
            }
        }
        return names;
    }

    /** Purposes any condition asks about (so only those are looked up). */
    public Set<String> purposes() {
        Set<String> purposes = new TreeSet<>();
        for (Segment s : segments) {
            for (Condition c : s.all()) {
                if (c.consent() != null) {
                    purposes.add(c.consent());
                }
            }
            for (Condition c : s.any()) {
                if (c.consent() != null) {
                    purposes.add(c.consent());
                }
            }
        }
        return purposes;
    }

    /** @throws IllegalArgumentException listing every problem, each with where it is */
    public static SegmentRules parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        JsonNode root;
        try {
            root = text.length() > 65_536 ? null : JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("segments are not valid JSON: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("segments must be a JSON list (at most 64 KB)");
        }
        List<String> errors = new ArrayList<>();
        if (root.size() > MAX_SEGMENTS) {
            errors.add("at most " + MAX_SEGMENTS + " segments, not " + root.size());
        }
        List<Segment> segments = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (int i = 0; i < root.size() && i < MAX_SEGMENTS; i++) {
            JsonNode node = root.get(i);
            String where = "segments[" + i + "]";
            if (!node.isObject()) {
                errors.add(where + " must be an object");
                continue;
            }
            unknown(node, Set.of("name", "all", "any"), where, errors);
            String name = node.path("name").asText("");
            if (!name.matches("[a-z0-9][a-z0-9_-]{0,39}")) {
                errors.add(where + ".name must be 1 to 40 of a-z, 0-9, '-', '_'");
            } else if (!names.add(name)) {
                errors.add(where + ".name '" + name + "' is used twice");
            }
            List<Condition> all = conditions(node.get("all"), where + ".all", errors);
            List<Condition> any = conditions(node.get("any"), where + ".any", errors);
            if (all.isEmpty() && any.isEmpty()) {
                errors.add(where + " needs at least one condition in 'all' or 'any'");
            }
            segments.add(new Segment(name, all, any));
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        return new SegmentRules(List.copyOf(segments));
    }

    private static List<Condition> conditions(JsonNode list, String where, List<String> errors) {
        List<Condition> conditions = new ArrayList<>();
        if (list == null || list.isNull()) {
            return conditions;
        }
        if (!list.isArray() || list.size() > MAX_CONDITIONS) {
            errors.add(where + " must be a list of at most " + MAX_CONDITIONS + " conditions");
            return conditions;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String at = where + "[" + i + "]";
            if (!c.isObject()) {
                errors.add(at + " must be an object");
                continue;
            }
            unknown(c, Set.of("attribute", "equals", "in", "present", "gte", "lte", "consent"), at, errors);
            if (c.has("consent")) {
                String purpose = c.get("consent").asText("");
                if (c.size() != 1 || !purpose.matches("[a-z][a-z0-9_]{0,39}")) {
                    errors.add(at + ": a consent condition is {\"consent\": \"<purpose id>\"} alone");
                    continue;
                }
                conditions.add(new Condition(null, null, null, null, null, null, purpose));
                continue;
            }
            String attribute = c.path("attribute").asText("");
            if (!attribute.matches("[A-Za-z][A-Za-z0-9_.-]{0,63}")) {
                errors.add(at + ".attribute must be an attribute name");
            }
            int tests = (c.has("equals") ? 1 : 0) + (c.has("in") ? 1 : 0) + (c.has("present") ? 1 : 0)
                    + (c.has("gte") || c.has("lte") ? 1 : 0);
            if (tests != 1) {
                errors.add(at + " needs exactly one test: equals, in, present, or gte/lte");
                continue;
            }
            Set<String> in = null;
            if (c.has("in")) {
                if (!c.get("in").isArray() || c.get("in").isEmpty()) {
                    errors.add(at + ".in must be a non-empty list");
                } else {
                    in = new TreeSet<>();
                    for (JsonNode v : c.get("in")) {
                        in.add(v.asText());
                    }
                }
            }
            if (c.has("equals") && !c.get("equals").isTextual()) {
                errors.add(at + ".equals must be a string");
            }
            if (c.has("present") && !c.get("present").isBoolean()) {
                errors.add(at + ".present must be true or false");
            }
            BigDecimal gte = numberField(c, "gte", at, errors);
            BigDecimal lte = numberField(c, "lte", at, errors);
            conditions.add(new Condition(attribute, c.has("equals") ? c.get("equals").asText() : null, in,
                    c.has("present") ? c.get("present").asBoolean() : null, gte, lte, null));
        }
        return conditions;
    }

    private static BigDecimal numberField(JsonNode c, String field, String at, List<String> errors) {
        if (!c.has(field)) {
            return null;
        }
        if (!c.get(field).isNumber()) {
            errors.add(at + "." + field + " must be a number");
            return null;
        }
        return c.get(field).decimalValue();
    }

    private static void unknown(JsonNode node, Set<String> known, String where, List<String> errors) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!known.contains(name)) {
                errors.add(where + " has an unknown field '" + (name.length() > 30 ? name.substring(0, 30) : name) + "'");
            }
        }
    }
}
