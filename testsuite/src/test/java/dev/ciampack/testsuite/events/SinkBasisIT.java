package dev.ciampack.testsuite.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.ComponentExportRepresentation;

import dev.ciampack.events.webhook.StandardWebhooks;
import dev.ciampack.testsuite.AdminCallers;
import dev.ciampack.testsuite.junit.Await;
import dev.ciampack.testsuite.junit.TestRealm;

/**
 * No sink without a lawful basis: a sink that states none is refused by every way in, and one stored
 * anyway sends nothing; a consent sink receives only the people who granted its purposes, a sink on another
 * basis receives everyone; notices reach the sinks that must hear them, without traits.
 */
class SinkBasisIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = StandardWebhooks.newSecret();
    private static final WebhookReceiver receiver = new WebhookReceiver();
    private static final String JUSTIFICATION = "The ERP fulfils orders placed by the customer and needs their name.";

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> r.setEventsListeners(List.of("jboss-logging", "ciam-events")));

    /** A realm imported with a sink component on basis contract. */
    @RegisterExtension
    static final TestRealm imported = TestRealm.create().customize(r -> {
        r.setEventsListeners(List.of("jboss-logging", "ciam-events"));
        r.setComponents(components(component("valid", "/imported-valid", Map.of("basis", List.of("contract"),
                "justification", List.of(JUSTIFICATION)))));
    });

    private static org.keycloak.common.util.MultivaluedHashMap<String, ComponentExportRepresentation> components(
            ComponentExportRepresentation... sinks) {
        var components = new org.keycloak.common.util.MultivaluedHashMap<String, ComponentExportRepresentation>();
        components.put("org.keycloak.services.ui.extend.UiPageProvider", List.of(sinks));
        return components;
    }

    private static ComponentExportRepresentation component(String id, String path, Map<String, List<String>> extra) {
        ComponentExportRepresentation component = new ComponentExportRepresentation();
        component.setName(id);
        component.setProviderId("ciam-event-sinks");
        var config = new org.keycloak.common.util.MultivaluedHashMap<String, String>();
        config.put("id", List.of(id));
        config.put("url", List.of(receiver.url(path)));
        config.put("secret", List.of(SECRET));
        config.put("events", List.of("user.logged_in"));
        extra.forEach(config::put);
        component.setConfig(config);
        return component;
    }

    @BeforeAll
    static void setUp() {
        AdminCallers.recordAdminEvents(realm);
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/purposes", """
                [{"id": "personalization", "version": 1, "title": {"en": "Personalization"}, "description": {"en": "Offers."}},
                 {"id": "analytics", "version": 1, "title": {"en": "Analytics"}, "description": {"en": "Usage."}}]""")
                .expect(200);
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    private static String hook(String id, String extra) {
        return "{\"id\": \"" + id + "\", \"url\": \"" + receiver.url("/" + id) + "\", \"secrets\": [\"" + SECRET + "\"]"
                + extra + "}";
    }

    private static void decide(String userId, String purpose, String decision) {
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/users/" + userId + "/" + purpose,
                Map.of("decision", decision)).expect(200);
    }

    private static Await.Probe<JsonNode> status(TestRealm target, String sink) {
        return Deliveries.status(target.adminRest(), target.adminUrl(), sink);
    }

    private static List<JsonNode> bodies(String path, String userId) {
        return receiver.to(path).stream().map(r -> {
            try {
                return JSON.readTree(r.body());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).filter(b -> b.get("subject").asText().equals(userId)).toList();
    }

    @Test
    @DisplayName("a sink stating no lawful basis is refused by the pack's API and by the components API")
    void noBasisRefused() throws Exception {
        var put = realm.adminRest().put(realm.adminUrl() + "/ciam-events/sinks", "[" + hook("bare", "") + "]");
        var byComponents = realm.adminRest().post(realm.adminUrl() + "/components", Map.of("name", "bare",
                "providerId", "ciam-event-sinks", "providerType", "org.keycloak.services.ui.extend.UiPageProvider",
                "parentId", realm.admin().toRepresentation().getId(), "config", Map.of("id", List.of("bare"),
                        "url", List.of(receiver.url("/bare")), "secret", List.of(SECRET))));

        assertThat(put.status()).isEqualTo(400);
        assertThat(put.body()).contains("states no lawful basis");
        assertThat(byComponents.status()).isEqualTo(400);
        assertThat(byComponents.body()).contains("states no lawful basis");
        assertThat(realm.adminRest().get(realm.adminUrl() + "/ciam-events/sinks/bare/status").status()).isEqualTo(404);
    }

    @Test
    @DisplayName("a realm import holding a sink without a lawful basis is refused and the log says why; imported with one, it delivers")
    void importWithoutBasisRefused() throws Exception {
        var rep = new org.keycloak.representations.idm.RealmRepresentation();
        rep.setRealm("nobasis-" + Long.toHexString(System.nanoTime()));
        rep.setEnabled(true);
        rep.setComponents(components(component("nobasis", "/imported-nobasis", Map.of())));
        var realms = realm.keycloak().admin().realms();

        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> realms.create(rep));

        assertThat(refused).as("the import fails").isNotNull();
        assertThat(realms.findAll()).noneMatch(r -> r.getRealm().equals(rep.getRealm()));
        assertThat(java.nio.file.Files.readString(realm.keycloak().server().logFile()))
                .contains("sinks[0] states no lawful basis");
        // Control: the realm imported with a sink on basis contract delivers a sign-in.
        String alice = imported.userId(TestRealm.USERNAME);
        imported.newLogin().passwordLogin(TestRealm.USERNAME, TestRealm.PASSWORD);
        List<WebhookReceiver.Request> valid = Deliveries.awaitExactlyAfterDrained(receiver, "/imported-valid", 1,
                status(imported, "valid"), Duration.ofSeconds(20));
        assertThat(valid.get(0).body()).contains(alice);
        assertThat(receiver.to("/imported-nobasis")).isEmpty();
    }

    @Test
    @DisplayName("a consent sink receives only people who granted its purposes; a contract sink receives everyone, its basis shown")
    void consentAndContractSinks() throws Exception {
        long since = System.currentTimeMillis();
        realm.adminRest().put(realm.adminUrl() + "/ciam-events/sinks", "[" + hook("shop", ", \"events\": [\"user.logged_in\"], "
                + "\"attributes\": [\"firstName\"], \"purposes\": [\"personalization\"]") + ", " + hook("erp",
                ", \"events\": [\"user.logged_in\"], \"attributes\": [\"firstName\"], \"basis\": \"contract\", "
                        + "\"justification\": \"" + JUSTIFICATION + "\"") + "]").expect(200);
        String refuser = realm.createUser("refuser", "Refuser-Passw0rd!");
        String granter = realm.createUser("granter", "Granter-Passw0rd!");
        decide(refuser, "personalization", "withdrawn");
        decide(granter, "personalization", "granted");

        realm.newLogin().passwordLogin("refuser", "Refuser-Passw0rd!");
        realm.newLogin().passwordLogin("granter", "Granter-Passw0rd!");
        Deliveries.awaitSettledAfterDrained(receiver, "/erp", status(realm, "erp"), Duration.ofSeconds(20));
        Deliveries.awaitSettledAfterDrained(receiver, "/shop", status(realm, "shop"), Duration.ofSeconds(20));

        assertThat(bodies("/erp", refuser)).as("contract: whatever they chose").hasSize(1);
        assertThat(bodies("/erp", granter)).hasSize(1);
        assertThat(bodies("/shop", granter)).as("consent: granted").hasSize(1);
        assertThat(bodies("/shop", refuser)).as("consent: refused").isEmpty();
        JsonNode erp = status(realm, "erp").read();
        JsonNode shop = status(realm, "shop").read();
        assertThat(erp.get("basis").asText()).isEqualTo("contract");
        assertThat(erp.get("justification").asText()).isEqualTo(JUSTIFICATION);
        assertThat(shop.get("basis").asText()).isEqualTo("consent");
        assertThat(shop.get("purposes")).extracting(JsonNode::asText).containsExactly("personalization");
        List<AdminEventRepresentation> changes = realm.admin().getAdminEvents().stream()
                .filter(e -> "ciam-events/sinks".equals(e.getResourcePath()) && e.getTime() >= since).toList();
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).getRepresentation()).contains("contract").contains("ERP fulfils orders");
    }

    @Test
    @DisplayName("a grant reaches only the consent sinks serving its purpose; a withdrawal reaches every sink that takes it; no traits")
    void noticesRouting() throws Exception {
        String notices = ", \"events\": [\"consent.granted\", \"consent.withdrawn\"], \"attributes\": [\"firstName\"]";
        realm.adminRest().put(realm.adminUrl() + "/ciam-events/sinks", "[" + hook("p-sink", notices
                + ", \"purposes\": [\"personalization\"]") + ", " + hook("a-sink", notices + ", \"purposes\": [\"analytics\"]")
                + ", " + hook("c-sink", notices + ", \"basis\": \"contract\", \"justification\": \"" + JUSTIFICATION + "\"")
                + "]").expect(200);
        String nora = realm.createUser("nora", "Nora-Passw0rd!");

        decide(nora, "personalization", "granted");
        decide(nora, "personalization", "withdrawn");
        for (String sink : List.of("p-sink", "a-sink", "c-sink")) {
            Deliveries.awaitSettledAfterDrained(receiver, "/" + sink, status(realm, sink), Duration.ofSeconds(20));
        }

        assertThat(bodies("/p-sink", nora)).extracting(b -> b.get("type").asText())
                .containsExactly("consent.granted", "consent.withdrawn");
        assertThat(bodies("/a-sink", nora)).extracting(b -> b.get("type").asText()).containsExactly("consent.withdrawn");
        assertThat(bodies("/c-sink", nora)).extracting(b -> b.get("type").asText()).containsExactly("consent.withdrawn");
        for (String sink : List.of("/p-sink", "/a-sink", "/c-sink")) {
            assertThat(bodies(sink, nora)).allSatisfy(b -> assertThat(b.at("/data/traits").size()).as("no traits").isZero());
        }
    }
}
