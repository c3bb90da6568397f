package dev.ciampack.testsuite.consent;

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

import dev.ciampack.testsuite.AdminCallers;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.junit.ConsolePages;
import dev.ciampack.testsuite.junit.TestRealm;

/**
 * The consent purposes page of the admin console ({@code ciam-consent-purposes}, one realm component per purpose),
 * driven through the components API exactly as the console's page handler calls it (route parameters copied into
 * the config included): the page and the REST API show the same purposes, share one validation and one store.
 */
class PurposePageIT {

    private static final String UI_PAGE = "org.keycloak.services.ui.extend.UiPageProvider";
    private static final String PAGE = "ciam-consent-purposes";

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().speaking("en", "pt-BR");

    private static AdminCallers callers;

    @BeforeAll
    static void setUp() {
        callers = AdminCallers.of(realm);
        ConsentFixtures.definePurposes(realm, ConsentFixtures.PURPOSES);
    }

    private static List<JsonNode> pageItems() {
        JsonNode found = realm.adminRest().get(realm.adminUrl() + "/components?type=" + UI_PAGE + "&providerId=" + PAGE)
                .expect(200).json();
        List<JsonNode> items = new ArrayList<>();
        found.forEach(items::add);
        return items;
    }

    private static JsonNode item(String purposeId) {
        return pageItems().stream().filter(c -> c.at("/config/purposeId/0").asText().equals(purposeId)).findFirst()
                .orElse(null);
    }

    private static JsonNode restPurpose(String purposeId) {
        for (JsonNode p : realm.adminRest().get(realm.adminUrl() + "/ciam-consent/purposes").expect(200).json()) {
            if (p.get("id").asText().equals(purposeId)) {
                return p;
            }
        }
        return null;
    }

    private static Map<String, Object> body(String componentId, Map<String, List<String>> form) {
        return ConsolePages.body(realm, PAGE, componentId, form);
    }

    private static Map<String, List<String>> form(String id, String version, String titles, String descriptions) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("purposeId", List.of(id));
        form.put("version", List.of(version));
        form.put("required", List.of("false"));
        form.put("title", List.of(titles));
        form.put("description", List.of(descriptions));
        form.put("gpc", List.of("false"));
        return form;
    }

    private static Map<String, List<String>> config(JsonNode item) {
        return ConsolePages.config(item);
    }

    @Test
    @DisplayName("purposes written through the REST API are listed on the page, one item each with every field")
    void restPurposesAreOnThePage() {
        JsonNode marketing = item("marketing_email");
        assertThat(marketing).as("listed on the page").isNotNull();
        assertThat(marketing.get("name").asText()).isEqualTo("marketing_email");
        assertThat(marketing.at("/config/version/0").asText()).isEqualTo("1");
        assertThat(marketing.at("/config/policyUrl/0").asText()).isEqualTo("https://shop.example/privacy#marketing");
        assertThat(marketing.at("/config/title/0").asText())
                .isEqualTo("[{\"key\":\"en\",\"value\":\"Marketing emails\"},"
                        + "{\"key\":\"pt-BR\",\"value\":\"E-mails de marketing\"}]");
        assertThat(item("personalization")).isNotNull();
        assertThat(pageItems().stream().filter(c -> c.at("/config/purposeId/0").asText().equals("marketing_email")))
                .as("exactly one item per purpose").hasSize(1);
    }

    @Test
    @DisplayName("a purpose added on the page is a purpose of the REST API and the User Profile; editing it keeps its "
            + "id though the console sends its own id along; deleting it retires it")
    void addEditRetire() {
        Rest.Response created = realm.adminRest().post(realm.adminUrl() + "/components", body(null,
                form("loyalty", "1", "[{\"key\":\"en\",\"value\":\"Loyalty club\"}]",
                        "[{\"key\":\"en\",\"value\":\"Points for every order.\"}]")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode rest = restPurpose("loyalty");
        assertThat(rest).as("the REST API has it").isNotNull();
        assertThat(rest.at("/title/en").asText()).isEqualTo("Loyalty club");
        JsonNode profile = realm.adminRest().get(realm.adminUrl() + "/users/profile").expect(200).json();
        assertThat(profile.toString()).as("declared in the User Profile").contains("ciam_consent_loyalty");
        JsonNode item = item("loyalty");
        assertThat(item.get("config").has("realm")).as("the console's route parameters are not kept").isFalse();

        Map<String, List<String>> edit = config(item);
        edit.put("version", List.of("2"));
        edit.put("title", List.of("[{\"key\":\"en\",\"value\":\"Loyalty club\"},"
                + "{\"key\":\"pt-BR\",\"value\":\"Clube de fidelidade\"}]"));
        realm.adminRest().put(realm.adminUrl() + "/components/" + item.get("id").asText(),
                body(item.get("id").asText(), edit)).expect(204);
        rest = restPurpose("loyalty");
        assertThat(rest.get("version").asInt()).isEqualTo(2);
        assertThat(rest.at("/title/pt-BR").asText()).isEqualTo("Clube de fidelidade");
        assertThat(item("loyalty").at("/config/purposeId/0").asText()).as("the id the console sends is the component's,"
                + " not the purpose's: the purpose keeps its id").isEqualTo("loyalty");
        item("loyalty").get("config").fields().forEachRemaining(f -> assertThat(f.getValue()).as("one value of "
                + f.getKey()).hasSize(1));

        realm.adminRest().delete(realm.adminUrl() + "/components/" + item.get("id").asText()).expect(204);
        assertThat(restPurpose("loyalty")).as("retired").isNull();
        assertThat(item("loyalty")).isNull();
        assertThat(restPurpose("marketing_email")).as("the others stay").isNotNull();
    }

    @Test
    @DisplayName("the page refuses what the REST API refuses, naming every field: bad language, empty text, a version "
            + "going down, required with GPC opt-out, a changed or taken id; nothing is stored")
    void pageValidationNamesEveryProblem() {
        Rest.Response bad = realm.adminRest().post(realm.adminUrl() + "/components", body(null,
                form("Bad Id", "x", "[{\"key\":\"english\",\"value\":\"Hi\"}]", "[{\"key\":\"en\",\"value\":\"\"}]")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("id must be 2 to 40 characters").contains("version must be a whole number")
                .contains("title key 'english' is not a language tag").contains("description.en must be non-empty");
        assertThat(bad.body()).as("the page's own purpose is named by field, not list position")
                .doesNotContain("purposes[");

        Map<String, List<String>> both = form("ads_sharing", "1", "[{\"key\":\"en\",\"value\":\"Ads\"}]",
                "[{\"key\":\"en\",\"value\":\"Sharing with ad partners.\"}]");
        both.put("required", List.of("true"));
        both.put("gpc", List.of("true"));
        assertThat(realm.adminRest().post(realm.adminUrl() + "/components", body(null, both)).body())
                .contains("cannot be both required and gpc opt-out");

        assertThat(realm.adminRest().post(realm.adminUrl() + "/components", body(null, form("personalization", "1",
                "[{\"key\":\"en\",\"value\":\"Again\"}]", "[{\"key\":\"en\",\"value\":\"Again.\"}]"))).body())
                .contains("a purpose with id 'personalization' exists");

        JsonNode item = item("personalization");
        Map<String, List<String>> down = config(item);
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/purposes",
                realm.adminRest().get(realm.adminUrl() + "/ciam-consent/purposes").json().toString()
                        .replace("\"version\":1,\"required\":false,\"title\":{\"en\":\"Personalization\"",
                                "\"version\":3,\"required\":false,\"title\":{\"en\":\"Personalization\"")).expect(200);
        assertThat(item("personalization").at("/config/version/0").asText()).as("a REST change reaches the page")
                .isEqualTo("3");
        down.put("version", List.of("2"));
        Rest.Response lower = realm.adminRest().put(realm.adminUrl() + "/components/" + item.get("id").asText(),
                body(item.get("id").asText(), down));
        assertThat(lower.status()).isEqualTo(400);
        assertThat(lower.body()).contains("version of 'personalization' cannot go down from 3 to 2");

        Map<String, List<String>> renamed = config(item);
        renamed.put("purposeId", List.of("personalisation"));
        assertThat(realm.adminRest().put(realm.adminUrl() + "/components/" + item.get("id").asText(),
                body(item.get("id").asText(), renamed)).body()).contains("a purpose's id cannot change");

        assertThat(restPurpose("ads_sharing")).isNull();
        assertThat(restPurpose("personalization").get("version").asInt()).isEqualTo(3);
    }

    @Test
    @DisplayName("a view-only admin can list the page but not add, change or delete a purpose")
    void viewOnlyAdminCannotChangePurposes() {
        JsonNode item = item("marketing_email");
        assertThat(callers.viewer().get(realm.adminUrl() + "/components?type=" + UI_PAGE + "&providerId=" + PAGE)
                .status()).isEqualTo(200);
        assertThat(callers.viewer().post(realm.adminUrl() + "/components", body(null, form("sneaky", "1",
                "[{\"key\":\"en\",\"value\":\"Sneaky\"}]", "[{\"key\":\"en\",\"value\":\"Sneaky.\"}]"))).status())
                .isEqualTo(403);
        Map<String, List<String>> edit = config(item);
        edit.put("title", List.of("[{\"key\":\"en\",\"value\":\"Changed\"}]"));
        assertThat(callers.viewer().put(realm.adminUrl() + "/components/" + item.get("id").asText(),
                body(item.get("id").asText(), edit)).status()).isEqualTo(403);
        assertThat(callers.viewer().delete(realm.adminUrl() + "/components/" + item.get("id").asText()).status())
                .isEqualTo(403);
        assertThat(restPurpose("marketing_email").at("/title/en").asText()).isEqualTo("Marketing emails");
        assertThat(restPurpose("sneaky")).isNull();
    }

    private static String policyLinkShown(String username, Map<String, String> params) {
        realm.createUser(username, "Policy-Passw0rd!");
        Page step = realm.newLogin().start(params).form("#kc-form-login").set("username", username)
                .set("password", "Policy-Passw0rd!").submit();
        assertThat(step.document().select("#ciam-consent-form")).as("the consent step").hasSize(1);
        return step.document().select("a.ciam-consent-policy").first().attr("href");
    }

    @Test
    @DisplayName("a policy link per language saved on the page is the consent step's link in that language; other "
            + "languages keep the link for all")
    void policyLinkPerLanguage() {
        JsonNode item = item("marketing_email");
        Map<String, List<String>> edit = config(item);
        edit.put("policyUrls", List.of("[{\"key\":\"pt-BR\",\"value\":\"https://loja.example/privacidade#marketing\"}]"));
        realm.adminRest().put(realm.adminUrl() + "/components/" + item.get("id").asText(),
                body(item.get("id").asText(), edit)).expect(204);
        JsonNode rest = restPurpose("marketing_email");
        assertThat(rest.at("/policyUrls/pt-BR").asText()).isEqualTo("https://loja.example/privacidade#marketing");
        assertThat(rest.get("policyUrl").asText()).isEqualTo("https://shop.example/privacy#marketing");

        realm.enableRequiredAction("ciam-consent", "CIAM consent");
        assertThat(policyLinkShown("rui", Map.of("ui_locales", "pt-BR")))
                .isEqualTo("https://loja.example/privacidade#marketing");
        assertThat(policyLinkShown("eve", Map.of("ui_locales", "en"))).isEqualTo("https://shop.example/privacy#marketing");

        edit.put("policyUrls", List.of("[{\"key\":\"pt-BR\",\"value\":\"javascript:alert(1)\"}]"));
        Rest.Response refused = realm.adminRest().put(realm.adminUrl() + "/components/" + item.get("id").asText(),
                body(item.get("id").asText(), edit));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("policyUrls.pt-BR must be an absolute http or https URL");
        assertThat(restPurpose("marketing_email").at("/policyUrls/pt-BR").asText())
                .isEqualTo("https://loja.example/privacidade#marketing");
    }
}
