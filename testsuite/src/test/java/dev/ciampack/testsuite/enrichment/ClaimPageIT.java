package dev.ciampack.testsuite.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ciampack.testsuite.AdminCallers;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.junit.ConsolePages;
import dev.ciampack.testsuite.junit.TestRealm;

/**
 * The personalization claims page of the admin console ({@code ciam-personalization-claims}, one item per
 * {@code ciam-personalization} mapper) through the components API as the console's page handler calls it: a mapper
 * added in the console's own mapper form is on the page; the page's save changes the mapper, and the next token's
 * claim carries the attributes chosen there.
 */
class ClaimPageIT {

    private static final String UI_PAGE = "org.keycloak.services.ui.extend.UiPageProvider";
    private static final String PAGE = "ciam-personalization-claims";

    @RegisterExtension
    static final TestRealm realm = TestRealm.create();

    private static AdminCallers callers;
    private static String clientUuid;

    @BeforeAll
    static void setUp() {
        callers = AdminCallers.of(realm);
        var profile = realm.admin().users().userProfile().getConfiguration();
        for (String name : List.of("homeType", "style")) {
            profile.addOrReplaceAttribute(new UPAttribute(name,
                    new UPAttributePermissions(Set.of("admin", "user"), Set.of("admin", "user"))));
        }
        realm.admin().users().userProfile().update(profile);
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/purposes", """
                [{"id": "personalization", "version": 1, "title": {"en": "Personalization"},
                  "description": {"en": "Suggestions."}}]""").expect(200);
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName("personalization");
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("ciam-personalization");
        mapper.setConfig(Map.of("attributes", "homeType", "purpose", "personalization", "id.token.claim", "true",
                "access.token.claim", "false", "userinfo.token.claim", "true"));
        clientUuid = realm.admin().clients().findByClientId(TestRealm.CLIENT_ID).get(0).getId();
        realm.admin().clients().get(clientUuid).getProtocolMappers().createMapper(mapper).close();
    }

    /** A user of the realm with only these roles of realm-management, signed in. */
    private static Rest adminWith(String username, String... roles) {
        String id = realm.createUser(username, "Manager-Passw0rd!");
        var management = realm.admin().clients().findByClientId("realm-management").get(0);
        realm.admin().users().get(id).roles().clientLevel(management.getId()).add(java.util.Arrays.stream(roles)
                .map(r -> realm.admin().clients().get(management.getId()).roles().get(r).toRepresentation()).toList());
        return Rest.bearer(realm.newLogin().passwordLogin(username, "Manager-Passw0rd!").accessToken());
    }

    private static JsonNode item(String location) {
        for (JsonNode c : realm.adminRest().get(realm.adminUrl() + "/components?type=" + UI_PAGE + "&providerId=" + PAGE)
                .expect(200).json()) {
            if (c.at("/config/location/0").asText().equals(location)) {
                return c;
            }
        }
        return null;
    }

    private static Map<String, Object> body(String componentId, Map<String, List<String>> form) {
        return ConsolePages.body(realm, PAGE, componentId, form);
    }

    @Test
    @DisplayName("a mapper added in the console's mapper form is on the page; the page's save changes its attributes "
            + "and the next token's claim carries them")
    void pageChangesTheClaim() {
        JsonNode client = item("client:" + TestRealm.CLIENT_ID);
        assertThat(client).as("the mapper added through Keycloak's API is on the page").isNotNull();
        assertThat(client.at("/config/attributes").toString()).isEqualTo("[\"homeType\"]");

        realm.adminRest().put(realm.adminUrl() + "/components/" + client.get("id").asText(), body(client.get("id").asText(),
                Map.of("location", List.of("client:" + TestRealm.CLIENT_ID), "attributes", List.of("homeType", "style"),
                        "purpose", List.of("personalization")))).expect(204);
        assertThat(realm.admin().clients().get(clientUuid).getProtocolMappers().getMappers().stream()
                .filter(m -> m.getProtocolMapper().equals("ciam-personalization")).findFirst().orElseThrow()
                .getConfig()).containsEntry("attributes", "homeType,style").containsEntry("id.token.claim", "true");

        String id = realm.userId(TestRealm.USERNAME);
        var user = realm.admin().users().get(id).toRepresentation();
        user.singleAttribute("homeType", "house");
        user.singleAttribute("style", "boho");
        realm.admin().users().get(id).update(user);
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/users/" + id + "/personalization",
                Map.of("decision", "granted")).expect(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> claim = (Map<String, Object>) realm.newLogin()
                .passwordLogin(TestRealm.USERNAME, TestRealm.PASSWORD).idClaims().get("personalization");
        assertThat(claim.get("attributes")).isEqualTo(Map.of("homeType", "house", "style", "boho"));
    }

    @Test
    @DisplayName("a new item adds the mapper to a client scope; deleting it removes the mapper; bad places, unknown "
            + "attributes and purposes are refused by name; a view-only admin cannot save")
    void addRemoveAndRefusals() {
        Rest.Response bad = realm.adminRest().post(realm.adminUrl() + "/components", body(null, Map.of(
                "location", List.of("scope:nope"), "attributes", List.of("shoeSize"), "purpose", List.of("telepathy"))));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("where must be scope:<client scope name> or client:<client id>")
                .contains("'shoeSize' is not an attribute of the realm's User Profile")
                .contains("purpose 'telepathy' is not a consent purpose");
        assertThat(callers.viewer().post(realm.adminUrl() + "/components", body(null, Map.of(
                "location", List.of("scope:profile"), "attributes", List.of("style")))).status()).isEqualTo(403);
        // manage-realm lets an admin save the page, but a mapper is a client's setting: Keycloak asks for manage-clients.
        Rest realmManager = adminWith("realm-manager", "view-realm", "manage-realm");
        assertThat(realmManager.post(realm.adminUrl() + "/components", body(null, Map.of(
                "location", List.of("scope:profile"), "attributes", List.of("style")))).status()).isEqualTo(403);
        JsonNode onClient = item("client:" + TestRealm.CLIENT_ID);
        assertThat(realmManager.put(realm.adminUrl() + "/components/" + onClient.get("id").asText(),
                body(onClient.get("id").asText(), Map.of("location", List.of("client:" + TestRealm.CLIENT_ID),
                        "attributes", List.of("style"))))).extracting(Rest.Response::status).isEqualTo(403);
        assertThat(realmManager.delete(realm.adminUrl() + "/components/" + onClient.get("id").asText()).status())
                .isEqualTo(403);
        assertThat(realm.admin().clients().get(clientUuid).getProtocolMappers().getMappers())
                .anyMatch(m -> m.getProtocolMapper().equals("ciam-personalization"))
                .noneMatch(m -> "style".equals(m.getConfig().get("attributes")));
        // The owner's side: one who may also manage clients saves the same item.
        Rest clientManager = adminWith("client-manager", "view-realm", "manage-realm", "manage-clients");
        assertThat(clientManager.post(realm.adminUrl() + "/components", body(null, Map.of(
                "location", List.of("scope:profile"), "attributes", List.of("style")))).status()).isEqualTo(201);
        clientManager.delete(realm.adminUrl() + "/components/" + item("scope:profile").get("id").asText()).expect(204);

        realm.adminRest().post(realm.adminUrl() + "/components", body(null, Map.of("location", List.of("scope:profile"),
                "attributes", List.of("style")))).expect(201);
        String scopeId = realm.admin().clientScopes().findAll().stream().filter(s -> s.getName().equals("profile"))
                .findFirst().orElseThrow().getId();
        var mappers = realm.admin().clientScopes().get(scopeId).getProtocolMappers().getMappers().stream()
                .filter(m -> m.getProtocolMapper().equals("ciam-personalization")).toList();
        assertThat(mappers).hasSize(1);
        assertThat(mappers.get(0).getConfig()).containsEntry("attributes", "style")
                .containsEntry("purpose", "personalization").containsEntry("access.token.claim", "true");

        realm.adminRest().delete(realm.adminUrl() + "/components/" + item("scope:profile").get("id").asText()).expect(204);
        assertThat(realm.admin().clientScopes().get(scopeId).getProtocolMappers().getMappers())
                .noneMatch(m -> m.getProtocolMapper().equals("ciam-personalization"));
    }
}
