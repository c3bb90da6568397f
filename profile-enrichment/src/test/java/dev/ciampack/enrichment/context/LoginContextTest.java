package dev.ciampack.enrichment.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LoginContextTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    @Test
    @DisplayName("the first sign-in writes everything; sign-up fields are never rewritten")
    void firstSignIn() {
        Map<String, String> writes = LoginContext.changes(Map.of(), new LoginContext.SignIn(T0, "shop",
                Map.of("utm_source", " newsletter ", "utm_medium", "em\u0007ail", "utm_campaign", "x".repeat(101)), "pt-BR"), 900);

        assertThat(writes).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ciam_first_login_at", T0.toString(), "ciam_signup_client", "shop",
                "ciam_signup_utm_source", "newsletter", "ciam_last_login_at", T0.toString(),
                "ciam_login_count", "1", "ciam_last_client", "shop", "ciam_preferred_locale", "pt-BR"));
    }

    @Test
    @DisplayName("within the interval and for the same client nothing is written; after it, or from another client, it is")
    void throttled() {
        Map<String, String> current = new HashMap<>(Map.of("ciam_first_login_at", T0.toString(),
                "ciam_last_login_at", T0.toString(), "ciam_login_count", "1", "ciam_last_client", "shop",
                "ciam_preferred_locale", "en"));

        assertThat(LoginContext.changes(current, new LoginContext.SignIn(T0.plusSeconds(899), "shop", Map.of(), "en"), 900))
                .isEmpty();
        assertThat(LoginContext.changes(current, new LoginContext.SignIn(T0.plusSeconds(900), "shop", Map.of(), "en"), 900))
                .containsEntry("ciam_login_count", "2").containsEntry("ciam_last_login_at", T0.plusSeconds(900).toString())
                .doesNotContainKey("ciam_first_login_at");
        assertThat(LoginContext.changes(current, new LoginContext.SignIn(T0.plusSeconds(10), "app", Map.of(), "en"), 900))
                .containsEntry("ciam_last_client", "app").containsEntry("ciam_login_count", "2");
        assertThat(LoginContext.changes(current, new LoginContext.SignIn(T0.plusSeconds(10), "shop", Map.of(), "fr"), 900))
                .containsOnlyKeys("ciam_preferred_locale");
    }

    @Test
    @DisplayName("anonymous ids: format, dedupe, newest last, bounded")
    void anonymousIds() {
        assertThat(AnonymousIds.isValid("0f8fad5b-d9cb-469f-a165-70867728950e")).isTrue();
        assertThat(AnonymousIds.isValid("GA1.1.123456789.987654321")).isTrue();
        assertThat(AnonymousIds.isValid("short")).isFalse();
        assertThat(AnonymousIds.isValid("has space here")).isFalse();
        assertThat(AnonymousIds.isValid("x".repeat(129))).isFalse();
        assertThat(AnonymousIds.isValid(null)).isFalse();
        assertThat(AnonymousIds.add(List.of("a-000001", "b-000002"), "a-000001", 10)).containsExactly("b-000002", "a-000001");
        assertThat(AnonymousIds.add(List.of("a-000001", "b-000002"), "c-000003", 2)).containsExactly("b-000002", "c-000003");
        assertThat(LoginContextAction.cookieValue("%22abc-123-456%22")).isEqualTo("abc-123-456");
    }

    @Test
    void settings() {
        assertThat(LoginContextSettings.parse(null)).isEqualTo(LoginContextSettings.DEFAULTS);
        assertThat(LoginContextSettings.parse(Map.of("min-interval-minutes", "0", "anonymous-id-cookie", "ajs_anonymous_id")))
                .isEqualTo(new LoginContextSettings(0, 10, "analytics", "ajs_anonymous_id", false, dev.ciampack.enrichment.segments.SegmentRules.NONE, "personalization"));
        assertThatThrownBy(() -> LoginContextSettings.parse(Map.of("min-interval-minutes", "-1", "max-anonymous-ids", "99",
                "anonymous-id-purpose", "Bad Purpose", "anonymous-id-cookie", "a;b")))
                .hasMessageContaining("min-interval-minutes must be a whole number from 0 to 1440")
                .hasMessageContaining("max-anonymous-ids must be a whole number from 1 to 50")
                .hasMessageContaining("anonymous-id-purpose must be a consent purpose id")
                .hasMessageContaining("anonymous-id-cookie must be a cookie name");
    }
}
