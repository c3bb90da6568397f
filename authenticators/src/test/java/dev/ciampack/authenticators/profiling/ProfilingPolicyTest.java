package dev.ciampack.authenticators.profiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProfilingPolicyTest {

    static final ProfilingPolicy.Realm REALM = new ProfilingPolicy.Realm(Set.of("homeType", "style", "nickname"),
            Set.of("homeType", "style", "nickname", "tier", "email"), Set.of("personalization"), Set.of("shop", "app"));

    @Test
    @DisplayName("a full policy parses, with defaults for what is left out")
    void parses() {
        ProfilingPolicy policy = ProfilingPolicy.parse("""
                {"perSignIn": 2, "questions": [
                  {"attribute": "homeType", "fromSignIn": 2, "clients": ["shop"], "purpose": "personalization",
                   "scope": "profile", "benefit": "ciam-profile.demo.benefit.homeType", "skippable": false,
                   "snoozeDays": 7, "snoozeSignIns": 3},
                  {"attribute": "style"}]}""", REALM);

        assertThat(policy.perSignIn()).isEqualTo(2);
        assertThat(policy.questions()).containsExactly(
                new ProfilingPolicy.Question("homeType", 2, Set.of("shop"), "personalization", "profile",
                        "ciam-profile.demo.benefit.homeType", false, 7, 3),
                new ProfilingPolicy.Question("style", 1, Set.of(), null, null, null, true, 30, 0));
        assertThat(ProfilingPolicy.parse("  ", REALM)).isEqualTo(ProfilingPolicy.EMPTY);
    }

    @Test
    @DisplayName("every problem is listed with where it is")
    void refuses() {
        assertThatThrownBy(() -> ProfilingPolicy.parse("""
                {"perSignIn": 0, "extra": 1, "questions": [
                  {"attribute": "shoeSize"}, {"attribute": "tier"}, {"attribute": "email"},
                  {"attribute": "style", "clients": ["nope"], "purpose": "mind", "scope": "a b", "benefit": "x y",
                   "skippable": "yes", "snoozeDays": 400, "snoozeSignIns": -1},
                  {"attribute": "style"}, "text", {}]}""", REALM))
                .isInstanceOf(InvalidPolicyException.class)
                .satisfies(e -> assertThat(((InvalidPolicyException) e).errors()).containsExactlyInAnyOrder(
                        "policy has an unknown field 'extra'; known: [perSignIn, questions]",
                        "policy.perSignIn must be a whole number from 1 to 5, not 0",
                        "questions[0].attribute 'shoeSize' is not declared in the realm's User Profile",
                        "questions[1].attribute 'tier' is not editable by users in the User Profile",
                        "questions[2].attribute 'email' is not editable by users in the User Profile",
                        "questions[3].clients: no client 'nope' in the realm",
                        "questions[3].purpose 'mind' is not a consent purpose of the realm",
                        "questions[3].scope must be a scope name",
                        "questions[3].benefit must be a message key (letters, digits, '.', '_', '-')",
                        "questions[3].skippable must be true or false",
                        "questions[3].snoozeDays must be a whole number from 0 to 365, not 400",
                        "questions[3].snoozeSignIns must be a whole number from 0 to 100, not -1",
                        "questions[4].attribute 'style' is asked twice",
                        "questions[5] must be an object",
                        "questions[6].attribute is required"));
    }

    @Test
    void refusesNonJsonAndHugePolicies() {
        assertThatThrownBy(() -> ProfilingPolicy.parse("{oops", REALM)).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ProfilingPolicy.parse("[]", REALM)).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> ProfilingPolicy.parse("{\"questions\": []}" + " ".repeat(70_000), REALM))
                .hasMessageContaining("longer than 64 KB");
    }

    @Test
    @DisplayName("picks at most perSignIn questions, in order, whose conditions hold")
    void picks() {
        ProfilingPolicy policy = ProfilingPolicy.parse("""
                {"perSignIn": 1, "questions": [
                  {"attribute": "homeType", "fromSignIn": 2},
                  {"attribute": "style", "clients": ["shop"], "purpose": "personalization"},
                  {"attribute": "nickname", "scope": "profile"}]}""", REALM);
        long now = 1_000_000;

        assertThat(names(policy, new Picker.Situation(1, Set.of(), Map.of(), Set.of(), "app", Set.of(), now))).isEmpty();
        assertThat(names(policy, new Picker.Situation(2, Set.of(), Map.of(), Set.of(), "app", Set.of(), now)))
                .containsExactly("homeType");
        assertThat(names(policy, new Picker.Situation(2, Set.of("homeType"), Map.of(), Set.of(), "shop", Set.of(), now)))
                .as("style needs consent").isEmpty();
        assertThat(names(policy, new Picker.Situation(2, Set.of("homeType"), Map.of(), Set.of("personalization"),
                "shop", Set.of(), now))).containsExactly("style");
        assertThat(names(policy, new Picker.Situation(2, Set.of("homeType"), Map.of(), Set.of("personalization"),
                "app", Set.of("openid", "profile"), now))).as("style is for the shop only").containsExactly("nickname");
    }

    @Test
    @DisplayName("a snooze with days and sign-ins ends at whichever comes first")
    void snoozes() {
        ProfilingPolicy.Question q = new ProfilingPolicy.Question("homeType", 1, Set.of(), null, null, null, true, 10, 3);
        Picker.Snooze snooze = Picker.snoozeFor(q, 1_000, 5);
        assertThat(snooze).isEqualTo(new Picker.Snooze(1_000 + 10 * 86_400L, 8));
        assertThat(snooze.active(2_000, 6)).isTrue();
        assertThat(snooze.active(2_000, 8)).as("third sign-in after the skip").isFalse();
        assertThat(snooze.active(1_000 + 10 * 86_400L, 6)).as("ten days later").isFalse();
        assertThat(new Picker.Snooze(0, 8).active(9_999_999, 7)).isTrue();
        assertThat(new Picker.Snooze(5_000, 0).active(4_999, 100)).isTrue();
        assertThat(new Picker.Snooze(0, 0).active(0, 0)).isFalse();
    }

    private static List<String> names(ProfilingPolicy policy, Picker.Situation situation) {
        return Picker.pick(policy, situation).stream().map(ProfilingPolicy.Question::attribute).toList();
    }
}
