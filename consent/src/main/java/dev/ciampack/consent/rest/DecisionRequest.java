package dev.ciampack.consent.rest;

import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ciampack.consent.spi.Decision;

/** Body of {@code PUT .../{purposeId}}: {@code {"decision": "granted", "locale": "pt-BR"}}. */
record DecisionRequest(Decision decision, String locale) {

    private static final Pattern LOCALE = Pattern.compile("[a-zA-Z]{2,3}([-_][a-zA-Z]{2,4})?");

    /** @throws IllegalArgumentException with a message fit for the caller */
    static DecisionRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("body must be a JSON object such as {\"decision\": \"granted\"}");
        }
        JsonNode decision = body.get("decision");
        if (decision == null || !decision.isTextual()) {
            throw new IllegalArgumentException("'decision' must be \"granted\" or \"withdrawn\"");
        }
        JsonNode locale = body.get("locale");
        String tag = null;
        if (locale != null && !locale.isNull()) {
            if (!locale.isTextual() || !LOCALE.matcher(locale.asText()).matches()) {
                throw new IllegalArgumentException("'locale' must be a language tag such as en or pt-BR");
            }
            tag = locale.asText().replace('_', '-');
        }
        return new DecisionRequest(Decision.parse(decision.asText().toLowerCase(Locale.ROOT)), tag);
    }
}
