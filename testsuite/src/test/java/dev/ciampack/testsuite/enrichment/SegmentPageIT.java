package dev.ciampack.testsuite.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ciampack.testsuite.AdminCallers;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.junit.ConsolePages;
import dev.ciampack.testsuite.junit.TestRealm;

/**
 * The segments page of the admin console ({@code ciam-segments}, one realm component per segment) through the
 * components API as the console's page handler calls it: the page and the login-context required action's
 * configuration show the same rules and share one validation; a segment added on the page is computed at the next
 * sign-in.
 */
class SegmentPageIT {

    private static final String UI_PAGE = "org.keycloak.services.ui.extend.UiPageProvider";
    private static final String PAGE = "ciam-segments";

    @RegisterExtension
    static final TestRealm realm = TestRealm.create();

    private static AdminCallers callers;

    @BeforeAll
    static void setUp() {
        callers = AdminCallers.of(realm);
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/purposes", """
                [{"id": "personalization", "version": 1, "title": {"en": "Personalization"},
                  "description": {"en": "Suggestions based on what you browse."}}]""").expect(200);
        realm.enableRequiredAction("ciam-login-context", "CIAM login context");
        realm.adminRest().put(realm.adminUrl() + "/authentication/required-actions/ciam-login-context/config",
                Map.of("config", Map.of("segments", "[{\"name\": \"returning\", \"all\": "
                        + "[{\"attribute\": \"ciam_login_count\", \"gte\": 3}]}]"))).expect(204);
    }

    private static JsonNode items() {
        return realm.adminRest().get(realm.adminUrl() + "/components?type=" + UI_PAGE + "&providerId=" + PAGE)
                .expect(200).json();
    }

    private static JsonNode item(String name) {
        for (JsonNode c : items()) {
            if (c.at("/config/name/0").asText().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static Map<String, Object> body(String componentId, Map<String, String> form) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        form.forEach((k, v) -> fields.put(k, List.of(v)));
        return ConsolePages.body(realm, PAGE, componentId, fields);
    }

    private static List<String> storedNames() throws Exception {
        JsonNode config = realm.adminRest().get(realm.adminUrl()
                + "/authentication/required-actions/ciam-login-context/config").expect(200).json();
        List<String> names = new ArrayList<>();
        new ObjectMapper().readTree(config.at("/config/segments").asText()).forEach(s -> names.add(s.get("name").asText()));
        return names;
    }

    @Test
    @DisplayName("the required action's rules are on the page; a segment added on the page is stored first and is "
            + "computed at the next sign-in of a person who granted the purpose; deleting it takes it out")
    void addSegmentOnThePage() throws Exception {
        assertThat(item("returning")).isNotNull();
        assertThat(item("returning").at("/config/all/0").asText()).contains("ciam_login_count");

        realm.adminRest().post(realm.adminUrl() + "/components", body(null, Map.of("name", "everyone", "position", "1",
                "all", "[{\"consent\": \"personalization\"}]"))).expect(201);
        assertThat(storedNames()).containsExactly("everyone", "returning");
        assertThat(item("returning").at("/config/position/0").asText()).isEqualTo("2");
        assertThat(items()).hasSize(2);
        item("everyone").get("config").fields().forEachRemaining(f -> assertThat(f.getValue()).hasSize(1));

        String id = realm.userId(TestRealm.USERNAME);
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/users/" + id + "/personalization",
                Map.of("decision", "granted")).expect(200);
        realm.newLogin().passwordLogin(TestRealm.USERNAME, TestRealm.PASSWORD);
        assertThat(realm.admin().users().get(id).toRepresentation(true).getAttributes().get("ciam_segments"))
                .containsExactly("everyone");

        realm.adminRest().delete(realm.adminUrl() + "/components/" + item("everyone").get("id").asText()).expect(204);
        assertThat(storedNames()).containsExactly("returning");
    }

    @Test
    @DisplayName("the page refuses what the required action refuses, naming each field; a view-only admin cannot save")
    void refusals() throws Exception {
        Rest.Response bad = realm.adminRest().post(realm.adminUrl() + "/components", body(null, Map.of(
                "name", "Big Spenders", "all", "[{\"attribute\": \"orders\", \"gte\": \"lots\"}]", "any", "{oops")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("name must be 1 to 40 of a-z").contains("any is not valid JSON")
                .doesNotContain("segments[");
        assertThat(callers.viewer().post(realm.adminUrl() + "/components", body(null, Map.of("name", "sneaky",
                "all", "[{\"consent\": \"personalization\"}]"))).status()).isEqualTo(403);
        assertThat(storedNames()).doesNotContain("sneaky", "Big Spenders");
    }
}
