package dev.ciampack.testsuite.profiling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmEventsConfigRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.ciampack.testsuite.browser.Chromium;
import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.TestRealm;

/** Progressive profiling: a few questions per sign-in, from the realm's User Profile and policy. */
class ProgressiveProfileIT {

    private static final String PASSWORD = "Long-Passw0rd!";

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> {
        r.setEventsEnabled(true);
        r.setEnabledEventTypes(List.of("LOGIN", "UPDATE_PROFILE"));
    });

    @BeforeAll
    static void profileAndPurposes() {
        UPConfig profile = realm.admin().users().userProfile().getConfiguration();
        UPAttributePermissions userEdits = new UPAttributePermissions(Set.of("admin", "user"), Set.of("admin", "user"));
        UPAttribute homeType = new UPAttribute("homeType", userEdits);
        homeType.setDisplayName("Home type");
        homeType.addValidation("options", Map.of("options", List.of("apartment", "house")));
        homeType.setAnnotations(Map.of("inputType", "select",
                "inputOptionLabels", Map.of("apartment", "Apartment", "house", "House")));
        UPAttribute style = new UPAttribute("style", userEdits);
        style.setDisplayName("Style");
        style.addValidation("options", Map.of("options", List.of("mid-century", "boho")));
        UPAttribute nickname = new UPAttribute("nickname", userEdits);
        nickname.setDisplayName("Nickname");
        UPAttribute petName = new UPAttribute("petName", userEdits);
        petName.setDisplayName("Pet name");
        petName.addValidation("ciam-not-junk", Map.of());
        UPAttribute tier = new UPAttribute("tier", new UPAttributePermissions(Set.of("admin", "user"), Set.of("admin")));
        for (UPAttribute a : List.of(homeType, style, nickname, petName, tier)) {
            profile.addOrReplaceAttribute(a);
        }
        realm.admin().users().userProfile().update(profile);
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/purposes", """
                [{"id": "personalization", "version": 1, "title": {"en": "Personalization"},
                  "description": {"en": "Suggestions based on what you browse."}}]""").expect(200);
        realm.enableRequiredAction("ciam-progressive-profile", "CIAM progressive profiling");
    }

    static Rest.Response setPolicy(String policyJson) {
        return realm.adminRest().put(realm.adminUrl() + "/authentication/required-actions/ciam-progressive-profile/config",
                Map.of("config", Map.of("policy", policyJson)));
    }

    private static Page afterPassword(OidcLogin login, String username, Map<String, String> params) {
        return login.start(params).form("#kc-form-login").set("username", username).set("password", PASSWORD).submit();
    }

    private static boolean asks(Page page) {
        return !page.document().select("#ciam-profile-form").isEmpty();
    }

    private static Map<String, List<String>> attributes(String userId) {
        return realm.admin().users().get(userId).toRepresentation().getAttributes();
    }

    private static String attribute(String userId, String name) {
        List<String> values = attributes(userId) == null ? null : attributes(userId).get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Test
    @DisplayName("k=2: the first sign-in asks nothing, the second exactly one question; answering stores it; the next asks the next")
    void oneQuestionFromSecondSignIn() throws Exception {
        setPolicy("""
                {"perSignIn": 1, "questions": [
                  {"attribute": "homeType", "fromSignIn": 2, "benefit": "ciam-profile.demo.benefit.homeType"},
                  {"attribute": "style", "fromSignIn": 2}]}""").expect(204);
        String id = realm.createUser("nina", PASSWORD);

        OidcLogin first = realm.newLogin();
        Page firstLanding = afterPassword(first, "nina", Map.of());
        OidcLogin second = realm.newLogin();
        Page question = afterPassword(second, "nina", Map.of());
        Tokens tokens = second.finish(question.form("#ciam-profile-form").set("homeType", "house")
                .submit("ciam_action", "save"));
        OidcLogin third = realm.newLogin();
        Page next = afterPassword(third, "nina", Map.of());

        assertThat(asks(firstLanding)).isFalse();
        first.finish(firstLanding);
        assertThat(question.document().select(".ciam-profile-question")).hasSize(1);
        assertThat(question.document().select("label[for=homeType]").text()).isEqualTo("Home type");
        assertThat(question.document().select("#homeType option").eachAttr("value")).containsExactly("", "apartment", "house");
        assertThat(question.text("#benefit-homeType")).hasValue("So we can suggest pieces that fit your space.");
        assertThat(tokens.idClaims()).containsEntry("sub", id);
        assertThat(attribute(id, "homeType")).isEqualTo("house");
        assertThat(next.document().select(".ciam-profile-question select").eachAttr("name")).containsExactly("style");

        JsonNode provenance = new ObjectMapper().readTree(realm.admin().users().get(id).toRepresentation(true)
                .getAttributes().getOrDefault("ciam_profile_provenance", List.of("{}")).get(0));
        assertThat(provenance.path("homeType").path("step").asText()).isEqualTo("ciam-progressive-profile");
        assertThat(provenance.path("homeType").path("client").asText()).isEqualTo(TestRealm.CLIENT_ID);
        List<EventRepresentation> events = realm.admin().getEvents(List.of("UPDATE_PROFILE"), null, id, null, null, null, 0, 10);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getDetails()).containsEntry("ciam_profile_attributes", "homeType");
    }

    @Test
    @DisplayName("skipping snoozes the question: the next sign-in asks the following one instead")
    void skipSnoozes() {
        setPolicy("""
                {"perSignIn": 1, "questions": [
                  {"attribute": "homeType", "fromSignIn": 1, "snoozeDays": 30},
                  {"attribute": "style", "fromSignIn": 1}]}""").expect(204);
        String id = realm.createUser("olga", PASSWORD);

        OidcLogin first = realm.newLogin();
        Page question = afterPassword(first, "olga", Map.of());
        first.finish(question.form("#ciam-profile-form").submit("ciam_action", "skip"));
        Page next = afterPassword(realm.newLogin(), "olga", Map.of());

        assertThat(question.document().select("select").eachAttr("name")).containsExactly("homeType");
        assertThat(next.document().select("select").eachAttr("name")).containsExactly("style");
        assertThat(attribute(id, "homeType")).isNull();
    }

    @Test
    @DisplayName("client, scope and consent conditions hold")
    void conditions() {
        setPolicy("""
                {"perSignIn": 1, "questions": [
                  {"attribute": "homeType", "clients": ["admin-cli"]},
                  {"attribute": "style", "scope": "phone"},
                  {"attribute": "nickname", "purpose": "personalization"}]}""").expect(204);
        String id = realm.createUser("paul", PASSWORD);

        Page plain = afterPassword(realm.newLogin(), "paul", Map.of());
        Page withScope = afterPassword(realm.newLogin(), "paul", Map.of("scope", "openid phone"));
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/users/" + id + "/personalization",
                Map.of("decision", "granted")).expect(200);
        Page withConsent = afterPassword(realm.newLogin(), "paul", Map.of());

        assertThat(asks(plain)).as("homeType is for another client; style needs the phone scope; nickname needs consent")
                .isFalse();
        assertThat(withScope.document().select(".ciam-profile-question select, .ciam-profile-question input")
                .eachAttr("name")).containsExactly("style");
        assertThat(withConsent.document().select(".ciam-profile-question input").eachAttr("name"))
                .containsExactly("nickname");
    }

    @Test
    @DisplayName("junk is refused with the validator's message and nothing is stored; read-only and undeclared fields are ignored")
    void junkAndIgnoredFields() {
        setPolicy("""
                {"perSignIn": 1, "questions": [{"attribute": "petName", "fromSignIn": 1}]}""").expect(204);
        String id = realm.createUser("quinn", PASSWORD);
        OidcLogin login = realm.newLogin();
        Page question = afterPassword(login, "quinn", Map.of());

        Page junk = question.form("#ciam-profile-form").set("petName", "asdf").submit("ciam_action", "save");
        Tokens tokens = login.finish(junk.form("#ciam-profile-form").set("petName", "Biscuit").set("tier", "gold")
                .set("undeclaredThing", "x").set("email", "evil@attacker.test").set("homeType", "house")
                .submit("ciam_action", "save"));

        assertThat(junk.text("#input-error-petName").orElseThrow()).contains("placeholder");
        assertThat(tokens.idClaims()).containsEntry("sub", id);
        UserRepresentation user = realm.admin().users().get(id).toRepresentation();
        assertThat(user.getAttributes()).containsEntry("petName", List.of("Biscuit"))
                .doesNotContainKeys("tier", "undeclaredThing", "homeType");
        assertThat(user.getEmail()).isEqualTo("quinn@ciam.test");
    }

    @Test
    @DisplayName("an XSS payload is rendered escaped on the page and stored verbatim")
    void xssEscapedAndStoredVerbatim() {
        setPolicy("""
                {"perSignIn": 2, "questions": [{"attribute": "nickname"}, {"attribute": "homeType"}]}""").expect(204);
        String id = realm.createUser("rosa", PASSWORD);
        String payload = "<img src=x onerror=alert(1)>\"'";
        OidcLogin login = realm.newLogin();
        Page question = afterPassword(login, "rosa", Map.of());

        Page again = question.form("#ciam-profile-form").set("nickname", payload).set("homeType", "")
                .submit("ciam_action", "save");
        Tokens tokens = login.finish(again.form("#ciam-profile-form").set("homeType", "apartment")
                .submit("ciam_action", "save"));

        assertThat(again.body()).doesNotContain("<img src=x").contains("&lt;img src=x onerror=alert(1)&gt;");
        assertThat(again.document().select("#nickname").attr("value")).isEqualTo(payload);
        assertThat(attribute(id, "nickname")).isEqualTo(payload);
        assertThat(tokens.idClaims()).containsEntry("sub", id);
    }

    @Test
    @DisplayName("silent SSO renewals (also prompt=none) neither count as sign-ins nor ask")
    void silentRenewalsDoNotCountOrAsk() {
        setPolicy("""
                {"perSignIn": 1, "questions": [{"attribute": "homeType", "fromSignIn": 2}]}""").expect(204);
        String id = realm.createUser("sara", PASSWORD);
        OidcLogin login = realm.newLogin();
        login.finish(afterPassword(login, "sara", Map.of()));

        Tokens silent = login.finish(login.start(Map.of("prompt", "none")));
        Tokens cookie = login.finish(login.start());
        Page interactive = afterPassword(realm.newLogin(), "sara", Map.of());

        assertThat(silent.idClaims()).containsEntry("sub", id);
        assertThat(cookie.idClaims()).containsEntry("sub", id);
        assertThat(asks(interactive)).as("the second interactive sign-in").isTrue();
        assertThat(attribute(id, "ciam_signin_count")).isEqualTo("2");
    }

    @Test
    @DisplayName("an invalid policy is refused when saved, with every problem named")
    void invalidPolicyRefused() {
        Rest.Response refused = setPolicy("""
                {"perSignIn": 9, "questions": [{"attribute": "shoeSize"}, {"attribute": "tier"},
                  {"attribute": "style", "purpose": "telepathy", "fromSignIn": -1, "color": "red"}]}""");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("policy.perSignIn must be a whole number from 1 to 5, not 9")
                .contains("questions[0].attribute 'shoeSize' is not declared in the realm's User Profile")
                .contains("questions[1].attribute 'tier' is not editable by users")
                .contains("questions[2].purpose 'telepathy' is not a consent purpose of the realm")
                .contains("questions[2].fromSignIn must be a whole number from 1 to 1000, not -1")
                .contains("questions[2] has an unknown field 'color'");
        assertThat(setPolicy("{not json").status()).isEqualTo(400);
    }

    @Test
    @DisplayName("the question works in headless Chromium")
    void inChromium() {
        setPolicy("""
                {"perSignIn": 1, "questions": [{"attribute": "style", "fromSignIn": 1}]}""").expect(204);
        String id = realm.createUser("wade", PASSWORD);
        WebDriver driver = Chromium.start();
        try {
            driver.get(realm.newLogin().authorizationUri(Map.of()).toString());
            driver.findElement(By.id("username")).sendKeys("wade");
            driver.findElement(By.id("password")).sendKeys(PASSWORD);
            driver.findElement(By.id("kc-login")).click();
            new Select(new WebDriverWait(driver, Duration.ofSeconds(10))
                    .until(ExpectedConditions.presenceOfElementLocated(By.id("style")))).selectByValue("boho");
            driver.findElement(By.id("ciam-profile-save")).click();
            new WebDriverWait(driver, Duration.ofSeconds(15))
                    .until(ExpectedConditions.presenceOfElementLocated(By.id("ciam-callback")));
            assertThat(driver.getCurrentUrl()).startsWith(realm.redirectUri()).contains("code=");
            assertThat(attribute(id, "style")).isEqualTo("boho");
        } finally {
            driver.quit();
        }
    }
}
