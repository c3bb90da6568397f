package dev.ciampack.testsuite.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.userprofile.config.UPAttribute;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.junit.TestRealm;

class ConsentPurposesIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.create();

    @BeforeAll
    static void purposes() {
        ConsentFixtures.definePurposes(realm, ConsentFixtures.PURPOSES);
    }

    @Test
    @DisplayName("purposes saved through admin REST are returned as stored")
    void purposesRoundTrip() {
        JsonNode stored = realm.adminRest().get(realm.adminUrl() + "/ciam-consent/purposes").expect(200).json();

        assertThat(stored).hasSize(2);
        assertThat(stored.get(0).get("id").asText()).isEqualTo("marketing_email");
        assertThat(stored.get(0).get("required").asBoolean()).isFalse();
        assertThat(stored.get(1).get("title").get("pt-BR").asText()).isEqualTo("Personalização");
    }

    @Test
    @DisplayName("each purpose is declared in the User Profile: admins view, nobody edits")
    void purposesDeclaredInUserProfile() {
        UPAttribute attribute = realm.admin().users().userProfile().getConfiguration().getAttribute("ciam_consent_marketing_email");

        assertThat(attribute).isNotNull();
        assertThat(attribute.getPermissions().getView()).containsExactly("admin");
        assertThat(attribute.getPermissions().getEdit()).isEmpty();
        assertThat(attribute.getGroup()).isEqualTo("ciam-consent");
    }

    @Test
    @DisplayName("invalid definitions are rejected with every problem listed and nothing stored")
    void invalidDefinitionsRejected() {
        Rest.Response response = realm.adminRest().put(realm.adminUrl() + "/ciam-consent/purposes", """
                [{"id": "Bad Id", "version": 1, "title": {"en": "t"}, "description": {"en": "d"}},
                 {"id": "no_text", "version": 1, "title": {"en": "t"}}]""");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").asText()).isEqualTo("invalid_purposes");
        assertThat(response.json().get("errors")).extracting(JsonNode::asText).containsExactly(
                "purposes[0].id must be 2 to 40 characters: a lower-case letter, then lower-case letters, digits or '_' (got \"Bad Id\")",
                "purposes[1].description must be an object of language tag to text with at least one entry, e.g. {\"en\": \"...\"}");
        assertThat(realm.adminRest().get(realm.adminUrl() + "/ciam-consent/purposes").json()).hasSize(2);
    }

    @Test
    @DisplayName("a purpose's version cannot go down")
    void versionCannotGoDown() {
        String raised = ConsentFixtures.PURPOSES.replaceFirst("\"version\": 1", "\"version\": 2");
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/purposes", raised).expect(200);

        Rest.Response lowered = realm.adminRest().put(realm.adminUrl() + "/ciam-consent/purposes", ConsentFixtures.PURPOSES);

        assertThat(lowered.status()).isEqualTo(400);
        assertThat(lowered.body()).contains("version of 'marketing_email' cannot go down from 2 to 1");
    }

    @Test
    @DisplayName("only realm managers change purposes: no token is 401, a user's token is 403")
    void onlyAdminsChangePurposes() {
        String userToken = realm.newLogin().passwordLogin(TestRealm.USERNAME, TestRealm.PASSWORD).accessToken();

        assertThat(Rest.anonymous().put(realm.adminUrl() + "/ciam-consent/purposes", "[]").status()).isEqualTo(401);
        assertThat(Rest.bearer(userToken).put(realm.adminUrl() + "/ciam-consent/purposes", "[]").status()).isEqualTo(403);
        assertThat(realm.adminRest().get(realm.adminUrl() + "/ciam-consent/purposes").json()).hasSize(2);
    }

    @Test
    @DisplayName("anyone can read the purposes' notices in their language, e.g. for a banner")
    void publicPurposesLocalized() {
        JsonNode purposes = Rest.anonymous().get(realm.url() + "/ciam-consent/purposes?locale=pt-BR").expect(200).json();

        assertThat(purposes).extracting(p -> p.get("title").asText())
                .containsExactly("E-mails de marketing", "Personalização");
        assertThat(purposes.get(0).get("locale").asText()).isEqualTo("pt-BR");
        assertThat(purposes.get(0).get("policyUrl").asText()).isEqualTo("https://shop.example/privacy#marketing");
        assertThat(List.of(purposes.get(1).get("dataCategories").get(0).asText())).containsExactly("browsing");
    }
}
