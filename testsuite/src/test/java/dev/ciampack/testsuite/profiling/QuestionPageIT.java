package dev.ciampack.testsuite.profiling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ciampack.testsuite.AdminCallers;
import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.junit.ConsolePages;
import dev.ciampack.testsuite.junit.TestRealm;

/**
 * The progressive-profiling questions page of the admin console ({@code ciam-profile-questions}, one realm component
 * per question), driven through the components API as the console's page handler calls it: the page and the required
 * action's configuration show the same questions and share one validation; a benefit text typed per language on the
 * page is what the next sign-in shows, in the person's language.
 */
class QuestionPageIT {

    private static final String UI_PAGE = "org.keycloak.services.ui.extend.UiPageProvider";
    private static final String PAGE = "ciam-profile-questions";
    private static final String PASSWORD = "Long-Passw0rd!";

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> {
        r.setInternationalizationEnabled(true);
        r.setSupportedLocales(Set.of("en", "pt-BR"));
        r.setDefaultLocale("en");
    });

    private static AdminCallers callers;

    @BeforeAll
    static void setUp() {
        callers = AdminCallers.of(realm);
        UPConfig profile = realm.admin().users().userProfile().getConfiguration();
        UPAttributePermissions userEdits = new UPAttributePermissions(Set.of("admin", "user"), Set.of("admin", "user"));
        for (String name : List.of("homeType", "style", "city")) {
            UPAttribute attribute = new UPAttribute(name, userEdits);
            attribute.setDisplayName(name);
            profile.addOrReplaceAttribute(attribute);
        }
        profile.addOrReplaceAttribute(new UPAttribute("tier",
                new UPAttributePermissions(Set.of("admin", "user"), Set.of("admin"))));
        realm.admin().users().userProfile().update(profile);
        realm.enableRequiredAction("ciam-progressive-profile", "CIAM progressive profiling");
    }

    /** Each test starts from this policy, written through the required action's configuration. */
    private static void startingPolicy() {
        setPolicy("""
                {"perSignIn": 1, "questions": [
                  {"attribute": "style", "fromSignIn": 3, "snoozeDays": 7},
                  {"attribute": "city", "fromSignIn": 4, "skippable": false}]}""").expect(204);
    }

    private static Rest.Response setPolicy(String json) {
        return realm.adminRest().put(realm.adminUrl() + "/authentication/required-actions/ciam-progressive-profile/config",
                Map.of("config", Map.of("policy", json)));
    }

    private static JsonNode policy() throws Exception {
        JsonNode config = realm.adminRest()
                .get(realm.adminUrl() + "/authentication/required-actions/ciam-progressive-profile/config").expect(200)
                .json();
        return new ObjectMapper().readTree(config.at("/config/policy").asText());
    }

    private static List<String> asked() throws Exception {
        List<String> attributes = new ArrayList<>();
        policy().get("questions").forEach(q -> attributes.add(q.get("attribute").asText()));
        return attributes;
    }

    private static JsonNode item(String attribute) {
        JsonNode found = realm.adminRest().get(realm.adminUrl() + "/components?type=" + UI_PAGE + "&providerId=" + PAGE)
                .expect(200).json();
        for (JsonNode c : found) {
            if (c.at("/config/attribute/0").asText().equals(attribute)) {
                return c;
            }
        }
        return null;
    }

    private static Map<String, Object> body(String componentId, Map<String, List<String>> form) {
        return ConsolePages.body(realm, PAGE, componentId, form);
    }

    private static Map<String, List<String>> config(JsonNode item) {
        return ConsolePages.config(item);
    }

    private static Page question(String username, String locale) {
        OidcLogin login = realm.newLogin();
        return login.start(locale == null ? Map.of() : Map.of("ui_locales", locale)).form("#kc-form-login")
                .set("username", username).set("password", PASSWORD).submit();
    }

    @Test
    @DisplayName("the policy's questions are on the page in order; a question added on the page with benefit texts in "
            + "two languages joins the policy at its position and the next sign-in shows the text in the person's "
            + "language, as text")
    void addQuestionWithBenefitTexts() throws Exception {
        startingPolicy();
        assertThat(item("style").at("/config/position/0").asText()).isEqualTo("1");
        assertThat(item("style").at("/config/snoozeDays/0").asText()).isEqualTo("7");
        assertThat(item("city").at("/config/position/0").asText()).isEqualTo("2");
        assertThat(item("city").at("/config/skippable/0").asText()).isEqualTo("false");

        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("attribute", List.of("homeType"));
        form.put("position", List.of("1"));
        form.put("fromSignIn", List.of("1"));
        form.put("skippable", List.of("true"));
        form.put("benefitText", List.of("[{\"key\":\"en\",\"value\":\"So we suggest what <b>fits</b> your space.\"},"
                + "{\"key\":\"pt-BR\",\"value\":\"Para sugerirmos o que cabe no seu espaço.\"}]"));
        Rest.Response created = realm.adminRest().post(realm.adminUrl() + "/components", body(null, form));
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        assertThat(asked()).containsExactly("homeType", "style", "city");
        assertThat(realm.adminRest().get(realm.adminUrl() + "/components?type=" + UI_PAGE + "&providerId=" + PAGE)
                .json()).as("one item per question").hasSize(3);
        assertThat(policy().get("questions").get(0).get("benefit").asText()).isEqualTo("ciam-profile.benefit.homeType");
        assertThat(item("style").at("/config/position/0").asText()).as("the others moved along").isEqualTo("2");
        assertThat(realm.admin().localization().getRealmLocalizationTexts("pt-BR", false))
                .containsEntry("ciam-profile.benefit.homeType", "Para sugerirmos o que cabe no seu espaço.");

        realm.createUser("otto", PASSWORD);
        Page english = question("otto", null);
        assertThat(english.text("#benefit-homeType")).as("escaped: shown as text")
                .hasValue("So we suggest what <b>fits</b> your space.");
        Page portuguese = question("otto", "pt-BR");
        assertThat(portuguese.text("#benefit-homeType")).hasValue("Para sugerirmos o que cabe no seu espaço.");

        // Edited on the page: the console sends the component's id along, the question keeps its attribute.
        JsonNode item = item("homeType");
        Map<String, List<String>> edit = config(item);
        edit.put("benefitText", List.of("[{\"key\":\"pt-BR\",\"value\":\"Assim acertamos nas sugestões.\"}]"));
        realm.adminRest().put(realm.adminUrl() + "/components/" + item.get("id").asText(),
                body(item.get("id").asText(), edit)).expect(204);
        assertThat(question("otto", "pt-BR").text("#benefit-homeType")).hasValue("Assim acertamos nas sugestões.");
        assertThat(realm.admin().localization().getRealmLocalizationTexts("en", false))
                .as("a language taken off the page loses its text").doesNotContainKey("ciam-profile.benefit.homeType");
        assertThat(question("otto", null).document().select("#benefit-homeType"))
                .as("no English text: no benefit line (not the message key)").isEmpty();
        assertThat(item("homeType").get("config").has("realm")).isFalse();
        item("homeType").get("config").fields().forEachRemaining(f -> assertThat(f.getValue()).as("one value of "
                + f.getKey() + " (an update inside an update once stored every value twice)").hasSize(1));

        Map<String, List<String>> moved = config(item("homeType"));
        moved.put("position", List.of("3"));
        realm.adminRest().put(realm.adminUrl() + "/components/" + item.get("id").asText(),
                body(item.get("id").asText(), moved)).expect(204);
        assertThat(asked()).containsExactly("style", "city", "homeType");

        realm.adminRest().delete(realm.adminUrl() + "/components/" + item.get("id").asText()).expect(204);
        assertThat(asked()).containsExactly("style", "city");
        assertThat(item("homeType")).isNull();
    }

    @Test
    @DisplayName("the page refuses what the required action's configuration refuses, naming each field; a policy "
            + "written through the required action's configuration shows on the page")
    void pageValidationAndRestChanges() throws Exception {
        startingPolicy();
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("attribute", List.of("tier"));
        form.put("clients", List.of("no-such-client"));
        form.put("purpose", List.of("no_such_purpose"));
        form.put("snoozeDays", List.of("400"));
        form.put("benefitText", List.of("[{\"key\":\"portuguese\",\"value\":\"x\"}]"));
        Rest.Response bad = realm.adminRest().post(realm.adminUrl() + "/components", body(null, form));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("attribute 'tier' is not editable by users")
                .contains("clients: no client 'no-such-client'").contains("purpose 'no_such_purpose' is not a consent")
                .contains("snoozeDays must be a whole number from 0 to 365")
                .contains("benefitText key 'portuguese' is not a language tag").doesNotContain("questions[");
        form.put("attribute", List.of("nickname"));
        assertThat(realm.adminRest().post(realm.adminUrl() + "/components", body(null, form)).body())
                .contains("attribute 'nickname' is not declared in the realm's User Profile");
        assertThat(asked()).doesNotContain("tier", "nickname");

        JsonNode city = item("city");
        Map<String, List<String>> renamed = config(city);
        renamed.put("attribute", List.of("style"));
        assertThat(realm.adminRest().put(realm.adminUrl() + "/components/" + city.get("id").asText(),
                body(city.get("id").asText(), renamed)).body()).contains("a question's attribute cannot change");

        setPolicy("""
                {"perSignIn": 2, "questions": [
                  {"attribute": "city", "fromSignIn": 5},
                  {"attribute": "style", "fromSignIn": 3, "snoozeDays": 7}]}""").expect(204);
        assertThat(item("city").at("/config/position/0").asText()).isEqualTo("1");
        assertThat(item("city").at("/config/fromSignIn/0").asText()).isEqualTo("5");
        assertThat(item("style").at("/config/position/0").asText()).isEqualTo("2");
        assertThat(policy().get("perSignIn").asInt()).isEqualTo(2);
    }

    @Test
    @DisplayName("a view-only admin can list the questions but not add, change or delete one")
    void viewOnlyAdminCannotChangeQuestions() throws Exception {
        startingPolicy();
        JsonNode style = item("style");
        assertThat(callers.viewer().get(realm.adminUrl() + "/components?type=" + UI_PAGE + "&providerId=" + PAGE)
                .status()).isEqualTo(200);
        Map<String, List<String>> edit = config(style);
        edit.put("fromSignIn", List.of("1"));
        assertThat(callers.viewer().put(realm.adminUrl() + "/components/" + style.get("id").asText(),
                body(style.get("id").asText(), edit)).status()).isEqualTo(403);
        assertThat(callers.viewer().post(realm.adminUrl() + "/components", body(null, Map.of("attribute",
                List.of("homeType")))).status()).isEqualTo(403);
        assertThat(callers.viewer().delete(realm.adminUrl() + "/components/" + style.get("id").asText()).status())
                .isEqualTo(403);
        assertThat(asked()).contains("style").doesNotContain("homeType");
    }
}
