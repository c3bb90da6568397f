package dev.ciampack.authenticators.profiling;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.ciampack.consent.spi.PersonalDataSection;

/**
 * Section {@code progressive-profiling} of a person's data export: each answer they gave to the
 * progressive-profiling step with its provenance (when, which step, which application), the questions
 * they skipped and until when they rest, and the sign-in count the step paces itself by. Null (no
 * section) for someone the step never asked.
 */
public final class ProfilingPersonalData extends PersonalDataSection {

    public static final String ID = "progressive-profiling";

    public ProfilingPersonalData() {
        super(ID, 80);
    }

    @Override
    public Object collect(KeycloakSession session, RealmModel realm, UserModel user) {
        Map<String, Map<String, String>> provenance = ProfileState.provenance(user);
        Map<String, Picker.Snooze> snoozes = ProfileState.snoozes(user);
        int signIns = ProfileState.signIns(user);
        if (provenance.isEmpty() && snoozes.isEmpty() && signIns == 0) {
            return null;
        }
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("answers", provenance.entrySet().stream().map(e -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("attribute", e.getKey());
            List<String> values = user.getAttributeStream(e.getKey()).toList();
            answer.put("values", values);
            answer.put("answeredAt", e.getValue().get("at"));
            answer.put("step", e.getValue().get("step"));
            answer.put("clientId", emptyToNull(e.getValue().get("client")));
            return answer;
        }).toList());
        section.put("skipped", snoozes.entrySet().stream().map(e -> {
            Map<String, Object> skipped = new LinkedHashMap<>();
            skipped.put("attribute", e.getKey());
            skipped.put("notAskedBefore", e.getValue().untilEpochSecond() > 0
                    ? Instant.ofEpochSecond(e.getValue().untilEpochSecond()).toString() : null);
            skipped.put("notAskedBeforeSignIn", e.getValue().untilSignIn() > 0 ? e.getValue().untilSignIn() : null);
            return skipped;
        }).toList());
        section.put("signInCount", signIns);
        return section;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
