package dev.ciampack.testsuite.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;

import dev.ciampack.events.webhook.StandardWebhooks;
import dev.ciampack.testsuite.AdminCallers;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.junit.Await;
import dev.ciampack.testsuite.junit.TestRealm;

/**
 * Sink secrets cannot be read back by anyone: not a view-only administrator (realm representation, the pack's
 * API, the components API), not a partial export, not an admin event, not the server log; and only an
 * administrator who may see users can make Keycloak send their data somewhere.
 */
class SinkSecretsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOOK_SECRET = StandardWebhooks.newSecret();
    private static final String WRITE_KEY = "wk" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    private static final String KAFKA_PASSWORD = "kp-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    private static final String LEGACY_SECRET = StandardWebhooks.newSecret();
    private static final String SIGNING_SECRET = StandardWebhooks.newSecret();
    private static final String COMPONENTS = "/components?type=org.keycloak.services.ui.extend.UiPageProvider";
    private static final WebhookReceiver receiver = new WebhookReceiver();

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> r.setEventsListeners(List.of("jboss-logging", "ciam-events")));

    /** A realm as an earlier release of the pack left it: sinks, with a secret, in a realm attribute. */
    @RegisterExtension
    static final TestRealm legacy = TestRealm.create().customize(r -> r.setAttributes(Map.of("ciam.events.sinks",
            "[{\"id\": \"old\", \"url\": \"https://crm.example/h\", \"secrets\": [\"" + LEGACY_SECRET + "\"], "
                    + "\"purposes\": [\"analytics\"]}, {\"id\": \"nobasis\", \"url\": \"https://crm.example/n\", "
                    + "\"secrets\": [\"" + LEGACY_SECRET + "\"]}]")));

    private static AdminCallers callers;

    @BeforeAll
    static void setUp() {
        AdminCallers.recordAdminEvents(realm);
        callers = AdminCallers.of(realm);
        realm.adminRest().put(realm.adminUrl() + "/ciam-events/sinks", sinks("/hook")).expect(200);
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    /**
     * A webhook, a Segment and a Kafka sink, each with a literal secret (the worst case: no vault reference); the
     * Kafka sink also signs its records with a literal secret.
     */
    private static String sinks(String hookPath) {
        return "[{\"id\": \"hook\", \"url\": \"" + receiver.url(hookPath) + "\", \"secrets\": [\"" + HOOK_SECRET + "\"], "
                + "\"events\": [\"user.logged_in\"], \"basis\": \"legitimate-interests\", "
                + "\"justification\": \"Sign-in alerts for the security team of the shop.\"},"
                + "{\"id\": \"segment\", \"type\": \"segment\", \"url\": \"" + receiver.url("/segment") + "\", "
                + "\"writeKey\": \"" + WRITE_KEY + "\", \"events\": [\"user.registered\"], \"purposes\": [\"analytics\"]},"
                + "{\"id\": \"kafka\", \"type\": \"kafka\", \"bootstrapServers\": [\"127.0.0.1:1\"], \"topic\": \"t\", "
                + "\"securityProtocol\": \"SASL_PLAINTEXT\", \"saslMechanism\": \"PLAIN\", \"username\": \"svc\", "
                + "\"password\": \"" + KAFKA_PASSWORD + "\", \"signingSecrets\": [\"" + SIGNING_SECRET + "\"], "
                + "\"events\": [\"user.registered\"], \"purposes\": [\"analytics\"]}]";
    }

    private static void assertNoSecret(String what, String text) {
        assertThat(text).as(what).doesNotContain(HOOK_SECRET).doesNotContain(WRITE_KEY).doesNotContain(KAFKA_PASSWORD)
                .doesNotContain(LEGACY_SECRET).doesNotContain(SIGNING_SECRET);
    }

    @Test
    @DisplayName("a view-only admin reads the realm, the sinks, their status and the components without seeing one secret")
    void viewOnlyAdminSeesNoSecret() throws Exception {
        Rest viewer = callers.viewer();

        String realmRepresentation = viewer.get(realm.adminUrl()).expect(200).body();
        String listed = viewer.get(realm.adminUrl() + "/ciam-events/sinks").expect(200).body();
        String components = viewer.get(realm.adminUrl() + COMPONENTS).expect(200).body();
        String status = viewer.get(realm.adminUrl() + "/ciam-events/sinks/kafka/status").expect(200).body();

        assertNoSecret("realm representation", realmRepresentation);
        assertNoSecret("GET sinks", listed);
        assertNoSecret("components", components);
        assertNoSecret("status", status);
        JsonNode sinkComponents = JSON.readTree(components);
        assertThat(sinkComponents).filteredOn(c -> c.path("providerId").asText().equals("ciam-event-sinks")).hasSize(3)
                .allSatisfy(c -> assertThat(c.at("/config/secret/0").asText()).isEqualTo("**********"));
        assertThat(sinkComponents).filteredOn(c -> c.path("name").asText().equals("kafka")).singleElement()
                .satisfies(c -> assertThat(c.at("/config/signingSecret/0").asText()).isEqualTo("**********"));
        assertThat(JSON.readTree(listed)).hasSize(3).allSatisfy(s -> assertThat(s.get("secretCount").asInt()).isEqualTo(1));
    }

    @Test
    @DisplayName("a partial export masks the secrets; admin events and the server log never hold one")
    void exportsEventsAndLogsHoldNoSecret() throws Exception {
        String export = realm.adminRest().post(realm.adminUrl() + "/partial-export?exportClients=true"
                + "&exportGroupsAndRoles=true", "").expect(200).body();
        List<AdminEventRepresentation> events = realm.admin().getAdminEvents();

        assertThat(export).as("the sinks are exported").contains("ciam-event-sinks");
        assertNoSecret("partial export", export);
        assertThat(events).as("the sink change was recorded").anyMatch(e -> "ciam-events/sinks".equals(e.getResourcePath()));
        for (AdminEventRepresentation event : events) {
            assertNoSecret("admin event " + event.getResourcePath(), String.valueOf(event.getRepresentation()));
        }
        assertNoSecret("server log", Files.readString(realm.keycloak().server().logFile()));
    }

    @Test
    @DisplayName("a masked secret is kept, not lost: a sink changed through the components API still signs with it")
    void maskedSecretIsKept() throws Exception {
        String aliceId = realm.userId(TestRealm.USERNAME);
        JsonNode hook = null;
        for (JsonNode component : JSON.readTree(realm.adminRest().get(realm.adminUrl() + COMPONENTS).expect(200).body())) {
            if ("hook".equals(component.path("name").asText())) {
                hook = component;
            }
        }
        assertThat(hook).isNotNull();
        ((ObjectNode) hook.get("config")).putArray("attributes").add("firstName");

        realm.adminRest().put(realm.adminUrl() + "/components/" + hook.get("id").asText(), hook).expect(204);
        realm.newLogin().passwordLogin(TestRealm.USERNAME, TestRealm.PASSWORD);
        List<WebhookReceiver.Request> delivered = Await.until(() -> receiver.to("/hook").stream()
                .filter(r -> r.body().contains(aliceId)).toList(), found -> !found.isEmpty(), Duration.ofSeconds(20));

        assertThat(delivered).as("alice's sign-in delivered").isNotEmpty();
        WebhookReceiver.Request request = delivered.get(0);
        assertThat(StandardWebhooks.verify(HOOK_SECRET, request.headers().get("webhook-signature"),
                request.headers().get("webhook-id"), Long.parseLong(request.headers().get("webhook-timestamp")),
                request.body())).as("signed with the secret that was sent back masked").isTrue();
        assertThat(JSON.readTree(request.body()).at("/data/traits/firstName").asText()).as("the change applied").isNotBlank();
    }

    @Test
    @DisplayName("managing the realm is not enough to add or change a sink: viewing users is needed too, by every API")
    void sinksNeedViewUsers() throws Exception {
        Rest manager = adminWith("realm-manager", "manage-realm");
        Rest managerWhoSeesUsers = adminWith("user-seeing-manager", "manage-realm", "view-users");
        String before = realm.adminRest().get(realm.adminUrl() + "/ciam-events/sinks").expect(200).body();
        Map<String, Object> component = Map.of("name", "sneaky", "providerId", "ciam-event-sinks",
                "providerType", "org.keycloak.services.ui.extend.UiPageProvider", "parentId", realm.admin().toRepresentation().getId(),
                "config", Map.of("id", List.of("sneaky"), "url", List.of("https://exfil.example/h"),
                        "secret", List.of(StandardWebhooks.newSecret()), "attributes", List.of("email"),
                        "basis", List.of("legitimate-interests"),
                        "justification", List.of("Sending everybody's email address somewhere else.")));

        int byPackApi = manager.put(realm.adminUrl() + "/ciam-events/sinks", "[]").status();
        int byComponents = manager.post(realm.adminUrl() + "/components", component).status();
        String after = realm.adminRest().get(realm.adminUrl() + "/ciam-events/sinks").expect(200).body();

        assertThat(byPackApi).isEqualTo(403);
        assertThat(byComponents).isEqualTo(403);
        assertThat(JSON.readTree(after)).isEqualTo(JSON.readTree(before));
        // Control: with view-users as well, the same administrator may.
        assertThat(managerWhoSeesUsers.post(realm.adminUrl() + "/components", component).status()).isEqualTo(201);
        assertThat(realm.adminRest().get(realm.adminUrl() + "/ciam-events/sinks/sneaky/status").status()).isEqualTo(200);
        realm.adminRest().put(realm.adminUrl() + "/ciam-events/sinks", sinks("/hook")).expect(200);
    }

    @Test
    @DisplayName("the realm attribute in which an earlier release kept sinks is removed at import and its sinks are not used "
            + "(a realm attribute is manage-realm's to write); the log names them, never their secrets")
    void legacyAttributeDropped() throws Exception {
        String realmRepresentation = legacy.adminRest().get(legacy.adminUrl()).expect(200).body();
        JsonNode listed = JSON.readTree(legacy.adminRest().get(legacy.adminUrl() + "/ciam-events/sinks").expect(200).body());
        String log = Files.readString(legacy.keycloak().server().logFile());

        assertThat(realmRepresentation).doesNotContain("ciam.events.sinks");
        assertNoSecret("legacy realm", realmRepresentation);
        assertThat(listed).isEmpty();
        assertThat(log).contains("Realm " + legacy.name() + ": removed realm attribute ciam.events.sinks")
                .contains("old (webhook, https://crm.example/h)").contains("nobasis (webhook, https://crm.example/n)");
        assertNoSecret("server log", log);
    }

    /** An administrator of the realm with only these realm-management roles. */
    private static Rest adminWith(String username, String... roles) {
        String id = realm.createUser(username, "Manager-Passw0rd!");
        ClientRepresentation management = realm.admin().clients().findByClientId("realm-management").get(0);
        realm.admin().users().get(id).roles().clientLevel(management.getId()).add(java.util.Arrays.stream(roles)
                .map(r -> realm.admin().clients().get(management.getId()).roles().get(r).toRepresentation()).toList());
        return Rest.bearer(realm.newLogin().passwordLogin(username, "Manager-Passw0rd!").accessToken());
    }
}
