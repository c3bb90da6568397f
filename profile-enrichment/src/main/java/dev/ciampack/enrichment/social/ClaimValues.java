package dev.ciampack.enrichment.social;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns identity-provider claims into attribute values: formats normalized per claim, anything
 * malformed dropped (never stored half-right). Pure logic, unit-tested.
 */
public final class ClaimValues {

    public static final int MAX_TEXT = 255;
    public static final int MAX_URL = 2048;

    private ClaimValues() {
    }

    /** "claim=attribute" lines (also separated by commas); blank lines and '#' comments ignored. */
    public static Map<String, String> mappings(String text) {
        Map<String, String> mappings = new LinkedHashMap<>();
        if (text == null) {
            return mappings;
        }
        for (String line : text.split("[\\n,]")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0 || eq == l.length() - 1) {
                throw new IllegalArgumentException("mapping '" + l + "' must look like claim=attribute");
            }
            String claim = l.substring(0, eq).strip();
            String attribute = l.substring(eq + 1).strip();
            if (!claim.matches("[A-Za-z0-9_.:-]{1,100}") || !attribute.matches("[A-Za-z][A-Za-z0-9_.-]{0,63}")) {
                throw new IllegalArgumentException("mapping '" + l + "' has an invalid claim or attribute name");
            }
            mappings.put(claim, attribute);
        }
        return mappings;
    }

    /** The value to store for {@code claim}, or null when it is absent or malformed. */
    public static String normalize(String claim, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText().strip();
        if (text.isEmpty()) {
            return null;
        }
        switch (claim) {
            case "birthdate":
                return birthdate(text);
            case "locale":
                return locale(text);
            case "picture":
            case "profile":
            case "website":
                return url(text);
            case "email_verified":
            case "phone_number_verified":
                return value.isBoolean() ? String.valueOf(value.asBoolean()) : null;
            default:
                return text.length() > MAX_TEXT || text.codePoints().anyMatch(Character::isISOControl) ? null : text;
        }
    }

    /** OIDC birthdate: YYYY-MM-DD (a real date), or YYYY alone; 0000-MM-DD (year withheld) kept as is. */
    static String birthdate(String text) {
        if (text.matches("\\d{4}")) {
            return text;
        }
        if (text.matches("0000-\\d{2}-\\d{2}")) {
            try {
                LocalDate.parse("2000" + text.substring(4));
                return text;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        try {
            LocalDate date = LocalDate.parse(text);
            return date.getYear() < 1900 || date.isAfter(LocalDate.now()) ? null : date.toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** pt_BR, pt-br, PT-BR -> pt-BR; refuses what is no language tag. */
    static String locale(String text) {
        if (!text.matches("[A-Za-z]{2,8}([_-][A-Za-z0-9]{1,8})*")) {
            return null;
        }
        String tag = Locale.forLanguageTag(text.replace('_', '-')).toLanguageTag();
        return "und".equals(tag) ? null : tag;
    }

    /** https URLs only, without credentials, at most 2048 characters. */
    static String url(String text) {
        if (text.length() > MAX_URL) {
            return null;
        }
        try {
            URI uri = new URI(text);
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && uri.getUserInfo() == null
                    ? uri.toString() : null;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
