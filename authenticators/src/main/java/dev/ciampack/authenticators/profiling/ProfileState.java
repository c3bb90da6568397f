package dev.ciampack.authenticators.profiling;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.keycloak.models.UserModel;

/**
 * What progressive profiling keeps on a user, in attributes the user cannot edit (declare them in the
 * User Profile with view {@code admin} and no edit): the sign-in count, the rests of skipped questions,
 * and the provenance of each answer (when, which step, which client).
 */
final class ProfileState {

    static final String SIGN_INS = "ciam_signin_count";
    static final String SNOOZES = "ciam_profile_snoozes";
    static final String PROVENANCE = "ciam_profile_provenance";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProfileState() {
    }

    static int signIns(UserModel user) {
        try {
            return Math.max(0, Integer.parseInt(user.getFirstAttribute(SIGN_INS)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static Map<String, Picker.Snooze> snoozes(UserModel user) {
        Map<String, Map<String, Long>> raw = snoozeMap(user);
        Map<String, Picker.Snooze> snoozes = new HashMap<>();
        raw.forEach((attribute, bounds) -> snoozes.put(attribute,
                new Picker.Snooze(bounds.getOrDefault("untilTime", 0L), bounds.getOrDefault("untilSignIn", 0L).intValue())));
        return snoozes;
    }

    static void snooze(UserModel user, Map<String, Picker.Snooze> added) {
        Map<String, Map<String, Long>> raw = snoozeMap(user);
        added.forEach((attribute, s) -> raw.put(attribute, Map.of("untilTime", s.untilEpochSecond(),
                "untilSignIn", (long) s.untilSignIn())));
        user.setSingleAttribute(SNOOZES, write(raw));
    }

    static void recordAnswers(UserModel user, Iterable<String> attributes, String clientId, Instant at) {
        Map<String, Map<String, String>> raw = provenance(user);
        Map<String, Map<String, Long>> snoozes = snoozeMap(user);
        for (String attribute : attributes) {
            raw.put(attribute, Map.of("at", at.toString(), "step", ProgressiveProfileFactory.PROVIDER_ID,
                    "client", clientId == null ? "" : clientId));
            snoozes.remove(attribute);
        }
        user.setSingleAttribute(PROVENANCE, write(raw));
        if (snoozes.isEmpty()) {
            user.removeAttribute(SNOOZES);
        } else {
            user.setSingleAttribute(SNOOZES, write(snoozes));
        }
    }

    private static final TypeReference<LinkedHashMap<String, Map<String, Long>>> SNOOZE_TYPE = new TypeReference<>() { };
    private static final TypeReference<LinkedHashMap<String, Map<String, String>>> PROVENANCE_TYPE =
            new TypeReference<>() { };

    private static Map<String, Map<String, Long>> snoozeMap(UserModel user) {
        return read(user.getFirstAttribute(SNOOZES), SNOOZE_TYPE);
    }

    /** What each answer's provenance says: attribute -> {at, step, client}. */
    static Map<String, Map<String, String>> provenance(UserModel user) {
        return read(user.getFirstAttribute(PROVENANCE), PROVENANCE_TYPE);
    }

    private static <V> LinkedHashMap<String, V> read(String json, TypeReference<LinkedHashMap<String, V>> type) {
        if (json == null || json.isBlank()) {
            return new LinkedHashMap<>();
        }
        try {
            return JSON.readValue(json, type);
        } catch (java.io.IOException e) {
            return new LinkedHashMap<>();
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
