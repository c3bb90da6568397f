package dev.ciampack.enrichment.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SegmentRulesTest {

    private static final SegmentRules RULES = SegmentRules.parse("""
            [{"name": "returning", "all": [{"attribute": "ciam_login_count", "gte": 3}]},
             {"name": "apartment-boho", "all": [{"attribute": "homeType", "equals": "apartment"},
                {"attribute": "style", "in": ["boho-chic", "scandinavian"]}, {"consent": "personalization"}]},
             {"name": "from-campaign", "any": [{"attribute": "ciam_signup_utm_source", "equals": "newsletter"},
                {"attribute": "ciam_signup_utm_campaign", "present": true}]},
             {"name": "new", "all": [{"attribute": "ciam_login_count", "lte": 1}]}]""");

    @Test
    @DisplayName("a person belongs to every segment whose conditions hold")
    void evaluates() {
        Map<String, List<String>> attributes = Map.of("ciam_login_count", List.of("3"), "homeType", List.of("apartment"),
                "style", List.of("boho-chic"), "ciam_signup_utm_campaign", List.of("spring"));

        assertThat(RULES.evaluate(attributes, Set.of("personalization")))
                .containsExactly("apartment-boho", "from-campaign", "returning");
        assertThat(RULES.evaluate(attributes, Set.of())).as("consent condition").containsExactly("from-campaign", "returning");
        assertThat(RULES.evaluate(Map.of("ciam_login_count", List.of("1")), Set.of())).containsExactly("new");
        assertThat(RULES.evaluate(Map.of("ciam_login_count", List.of("many")), Set.of())).isEmpty();
        assertThat(RULES.purposes()).containsExactly("personalization");
    }

    @Test
    @DisplayName("invalid rules are refused with every problem and where it is")
    void refuses() {
        assertThatThrownBy(() -> SegmentRules.parse("""
                [{"name": "Bad Name", "all": [{"attribute": "x", "equals": "a", "in": ["b"]}]},
                 {"name": "dup", "any": [{"consent": "analytics", "attribute": "x"}]},
                 {"name": "dup", "all": [{"attribute": "n", "gte": "three"}], "when": "always"},
                 {"name": "empty"}]"""))
                .hasMessageContaining("segments[0].name must be 1 to 40 of a-z, 0-9, '-', '_'")
                .hasMessageContaining("segments[0].all[0] needs exactly one test")
                .hasMessageContaining("segments[1].any[0]: a consent condition is")
                .hasMessageContaining("segments[2].name 'dup' is used twice")
                .hasMessageContaining("segments[2].all[0].gte must be a number")
                .hasMessageContaining("segments[2] has an unknown field 'when'")
                .hasMessageContaining("segments[3] needs at least one condition");
        assertThatThrownBy(() -> SegmentRules.parse("{")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> SegmentRules.parse("{}")).hasMessageContaining("must be a JSON list");
        assertThat(SegmentRules.parse(" ")).isEqualTo(SegmentRules.NONE);
    }
}
