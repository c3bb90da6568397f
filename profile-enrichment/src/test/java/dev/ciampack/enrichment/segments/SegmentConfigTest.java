package dev.ciampack.enrichment.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;

class SegmentConfigTest {

    private static final String RULES = """
            [{"name": "returning", "all": [{"attribute": "ciam_login_count", "gte": 3}]},
             {"name": "boho", "any": [{"attribute": "style", "equals": "boho"}]}]""";

    private static MultivaluedHashMap<String, String> form(String... pairs) {
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            config.putSingle(pairs[i], pairs[i + 1]);
        }
        return config;
    }

    private static List<String> names(String rules) {
        return SegmentRules.parse(rules).segments().stream().map(SegmentRules.Segment::name).toList();
    }

    @Test
    @DisplayName("a segment goes to its position or last, an edit replaces it in place of the old one's")
    void position() {
        assertThat(names(SegmentConfig.merge(RULES, form("name", "house", "position", "1",
                "all", "[{\"attribute\": \"homeType\", \"equals\": \"house\"}]")))).containsExactly("house", "returning", "boho");
        assertThat(names(SegmentConfig.merge(RULES, form("name", "house", "any", "[{\"consent\": \"personalization\"}]"))))
                .containsExactly("returning", "boho", "house");
        assertThat(names(SegmentConfig.merge(RULES, form("name", "returning", "position", "2",
                "all", "[{\"attribute\": \"ciam_login_count\", \"gte\": 5}]")))).containsExactly("boho", "returning");
        assertThat(names(SegmentConfig.without(RULES, "boho"))).containsExactly("returning");
    }

    @Test
    @DisplayName("the page's config of each segment survives the trip back")
    void roundTrip() {
        List<MultivaluedHashMap<String, String>> configs = SegmentConfig.configs(RULES);
        assertThat(configs).hasSize(2);
        assertThat(configs.get(1).getFirst("position")).isEqualTo("2");
        assertThat(configs.get(1).getFirst("all")).isEmpty();
        assertThat(SegmentRules.parse(SegmentConfig.merge(RULES, configs.get(1))))
                .isEqualTo(SegmentRules.parse(RULES));
    }

    @Test
    @DisplayName("every problem is named by field: bad JSON, no condition, a bad name, an unknown test")
    void problems() {
        assertThatThrownBy(() -> SegmentConfig.merge(RULES, form("name", "Big Spenders", "all", "{oops",
                "position", "first"))).hasMessageContaining("all is not valid JSON")
                .hasMessageContaining("position must be a whole number of 1 or more (got 'first')")
                .hasMessageContaining("name must be 1 to 40 of a-z, 0-9, '-', '_'")
                .hasMessageContaining("this segment needs at least one condition").hasMessageNotContaining("segments[");
        assertThatThrownBy(() -> SegmentConfig.merge(RULES, form("name", "x", "any", "[{\"attribute\": \"a\", \"like\": \"b\"}]")))
                .hasMessageContaining("any[0]").hasMessageNotContaining("segments[2]");
    }
}
