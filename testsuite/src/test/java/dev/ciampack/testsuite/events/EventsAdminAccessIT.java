package dev.ciampack.testsuite.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

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
 * Who may call {@code /admin/realms/{realm}/ciam-events/*}: reading needs view-realm, changing needs
 * manage-realm. Refused calls change nothing (a refused sink {@code PUT} never makes Keycloak call its URLs)
 * and leave no admin event; the administrator's calls, the control, work and are recorded as admin events.
 */
class EventsAdminAccessIT {

    private static final String SECRET = StandardWebhooks.newSecret();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final WebhookReceiver receiver = new WebhookReceiver();

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> r.setEventsListeners(List.of("jboss-logging", "ciam-events")));

    private static AdminCallers callers;

    @BeforeAll
    static void setUp() {
        AdminCallers.recordAdminEvents(realm);
        callers = AdminCallers.of(realm);
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    private static String url(String path) {
        return realm.adminUrl() + "/ciam-events/" + path;
    }

    /** A webhook sink at the receiver's {@code /id}, taking one event type. */
    private static String sink(String id, String type) {
        return "{\"id\": \"" + id + "\", \"url\": \"" + receiver.url("/" + id) + "\", \"secrets\": [\"" + SECRET
                + "\"], \"events\": [\"" + type + "\"]" + Deliveries.NOT_CONSENT + "}";
    }

    private static Await.Probe<JsonNode> status(String sink) {
        return Deliveries.status(realm.adminRest(), realm.adminUrl(), sink);
    }

    /** The admin events of the pack's events endpoints recorded since {@code sinceMillis}. */
    private static List<AdminEventRepresentation> packAdminEvents(long sinceMillis) {
        return realm.admin().getAdminEvents().stream()
                .filter(e -> e.getResourcePath() != null && e.getResourcePath().startsWith("ciam-events/")
                        && e.getTime() >= sinceMillis)
                .toList();
    }

    /** The sinks in a recorded representation: the JSON list itself (not a JSON string holding its text). */
    private static JsonNode sinksIn(String representation) {
        try {
            JsonNode node = JSON.readTree(representation);
            assertThat(node.isArray()).as("recorded as JSON, not as a string of JSON: " + representation).isTrue();
            return node;
        } catch (java.io.IOException e) {
            throw new AssertionError("representation is not JSON: " + representation, e);
        }
    }

    @Test
    @DisplayName("sinks and their status are read with view-realm: anonymous 401, a plain user 403, a view-only admin "
            + "and the admin 200, secrets hidden")
    void readingNeedsViewRealm() {
        callers.admin().put(url("sinks"), "[" + sink("readable", "user.logged_in") + "]").expect(200);

        for (String path : List.of("sinks", "sinks/readable/status")) {
            assertThat(callers.anonymous().get(url(path)).status()).as("anonymous GET " + path).isEqualTo(401);
            assertThat(callers.user().get(url(path)).status()).as("plain user GET " + path).isEqualTo(403);
            assertThat(callers.viewer().get(url(path)).status()).as("view-only admin GET " + path).isEqualTo(200);
            assertThat(callers.admin().get(url(path)).status()).as("admin GET " + path).isEqualTo(200);
        }
        assertThat(callers.viewer().get(url("sinks")).body()).contains("\"readable\"").contains("\"secretCount\":1")
                .doesNotContain(SECRET);
    }

    @Test
    @DisplayName("changing sinks, replay and retry-now need manage-realm: refused callers change nothing, make Keycloak "
            + "call none of their URLs and leave no admin event; the admin's same calls work and are admin events "
            + "without the secret")
    void changesNeedManageRealm() throws Exception {
        long start = System.currentTimeMillis();
        // gone: 410 turns its row into a dead letter (and disables it); parked: 429 with an hour's Retry-After.
        receiver.answer("/gone", 410);
        Integer[] busy = new Integer[20];
        java.util.Arrays.fill(busy, 429);
        receiver.answer("/parked", busy);
        receiver.retryAfter("/parked", "3600");
        String sinks = sink("hook", "user.logged_in") + ", " + sink("gone", "user.profile_updated") + ", "
                + sink("parked", "user.profile_updated");
        callers.admin().put(url("sinks"), "[" + sinks + "]").expect(200);
        String sam = realm.createUser("sam", "Sam-Passw0rd!!");
        var user = realm.admin().users().get(sam).toRepresentation();
        user.setFirstName("Samuel");
        realm.admin().users().get(sam).update(user);
        realm.newLogin().passwordLogin("sam", "Sam-Passw0rd!!");
        Deliveries.awaitExactlyAfterDrained(receiver, "/hook", 1, status("hook"), Duration.ofSeconds(20));
        JsonNode dead = Deliveries.awaitStatus(status("gone"), s -> s.get("deadLetter").asLong() == 1, Duration.ofSeconds(20));
        JsonNode parked = Await.until(() -> OutboxProbe.outbox(realm, "parked"),
                rows -> rows.size() == 1 && OutboxProbe.parkedFor(rows, Duration.ofMinutes(30)), Duration.ofSeconds(20));
        String before = callers.admin().get(url("sinks")).expect(200).body();
        assertThat(dead.get("deadLetter").asLong()).isEqualTo(1);
        assertThat(OutboxProbe.parkedFor(parked, Duration.ofMinutes(30))).as("parked: %s", parked).isTrue();

        // The refused callers try what the admin does below: a sink of their own choosing, replay, retry-now.
        String withEvil = "[" + sinks + ", " + sink("evil", "user.logged_in") + "]";
        for (Map.Entry<String, AdminCallers.Refused> caller : callers.notManagers().entrySet()) {
            AdminCallers.Refused refused = caller.getValue();
            assertThat(refused.rest().put(url("sinks"), withEvil).status()).as(caller.getKey() + " PUT sinks")
                    .isEqualTo(refused.status());
            assertThat(refused.rest().post(url("sinks/gone/replay"), "").status()).as(caller.getKey() + " replay")
                    .isEqualTo(refused.status());
            assertThat(refused.rest().post(url("sinks/parked/retry-now"), "").status()).as(caller.getKey() + " retry-now")
                    .isEqualTo(refused.status());
        }
        List<AdminEventRepresentation> afterRefused = packAdminEvents(start);
        realm.newLogin().passwordLogin("sam", "Sam-Passw0rd!!");
        Deliveries.awaitExactlyAfterDrained(receiver, "/hook", 2, status("hook"), Duration.ofSeconds(20));

        assertThat(callers.admin().get(url("sinks")).expect(200).body()).as("sinks unchanged").isEqualTo(before);
        assertThat(receiver.to("/evil")).as("the refused sink's URL is never called").isEmpty();
        assertThat(status("gone").read().get("deadLetter").asLong()).as("not replayed").isEqualTo(1);
        assertThat(OutboxProbe.parkedFor(OutboxProbe.outbox(realm, "parked"), Duration.ofMinutes(30)))
                .as("still parked").isTrue();
        assertThat(afterRefused).as("admin events so far: the admin's first PUT, none of the refused calls").hasSize(1);

        // Control: the admin's same calls.
        callers.admin().put(url("sinks"), withEvil).expect(200);
        JsonNode replayed = callers.admin().post(url("sinks/gone/replay"), "").expect(200).json();
        receiver.clear("/parked");
        JsonNode due = callers.admin().post(url("sinks/parked/retry-now"), "").expect(200).json();
        realm.newLogin().passwordLogin("sam", "Sam-Passw0rd!!");

        assertThat(replayed.get("replayed").asInt()).isEqualTo(1);
        assertThat(due.get("due").asInt()).isEqualTo(1);
        assertThat(Deliveries.awaitExactlyAfterDrained(receiver, "/evil", 1, status("evil"), Duration.ofSeconds(20)))
                .extracting(r -> r.answered()).containsExactly(204);
        assertThat(Deliveries.awaitExactlyAfterDrained(receiver, "/gone", 2, status("gone"), Duration.ofSeconds(20)))
                .extracting(r -> r.answered()).containsExactly(410, 204);
        assertThat(Deliveries.awaitExactlyAfterDrained(receiver, "/parked", 2, status("parked"), Duration.ofSeconds(20)))
                .extracting(r -> r.answered()).containsExactly(429, 204);

        List<AdminEventRepresentation> recorded = packAdminEvents(start);
        assertThat(recorded).extracting(e -> e.getOperationType() + " " + e.getResourceType() + " " + e.getResourcePath())
                .containsExactlyInAnyOrder("UPDATE REALM ciam-events/sinks", "UPDATE REALM ciam-events/sinks",
                        "ACTION REALM ciam-events/sinks/gone/replay", "ACTION REALM ciam-events/sinks/parked/retry-now");
        assertThat(recorded).filteredOn(e -> e.getResourcePath().equals("ciam-events/sinks")).hasSize(2)
                .allSatisfy(e -> assertThat(e.getRepresentation()).doesNotContain(SECRET).doesNotContain("whsec_"))
                .allSatisfy(e -> assertThat(sinksIn(e.getRepresentation())).isNotEmpty()
                        .allSatisfy(sink -> assertThat(sink.get("secretCount").asInt()).isEqualTo(1)));
        String master = realm.keycloak().admin().realm("master").toRepresentation().getId();
        assertThat(recorded).allSatisfy(e -> assertThat(e.getAuthDetails().getRealmId()).as("by the master admin")
                .isEqualTo(master));
    }

    @Test
    @DisplayName("one rule for everything that makes a sink send: replay, retry-now and ping need manage-realm and "
            + "view-users, as changing sinks does; manage-realm alone is refused (403), with view-users it is accepted")
    void sinkActionsNeedViewUsersToo() {
        callers.admin().put(url("sinks"), "[" + sink("ruled", "user.logged_in") + "]").expect(200);
        Rest manager = adminWith("realm-manager", "manage-realm");
        Rest sinkAdmin = adminWith("sink-admin", "manage-realm", "view-users");

        for (String action : List.of("replay", "retry-now", "ping")) {
            assertThat(manager.post(url("sinks/ruled/" + action), "").status()).as("manage-realm alone: " + action)
                    .isEqualTo(403);
            assertThat(sinkAdmin.post(url("sinks/ruled/" + action), "").status()).as("with view-users: " + action)
                    .isIn(200, 202);
        }
        assertThat(manager.put(url("sinks"), "[]").status()).as("manage-realm alone: PUT sinks").isEqualTo(403);
    }

    /** A realm administrator holding exactly {@code roles} of realm-management. */
    private static Rest adminWith(String username, String... roles) {
        String id = realm.createUser(username, "Roles-Passw0rd!");
        ClientRepresentation management = realm.admin().clients().findByClientId("realm-management").get(0);
        realm.admin().users().get(id).roles().clientLevel(management.getId()).add(Arrays.stream(roles)
                .map(r -> realm.admin().clients().get(management.getId()).roles().get(r).toRepresentation()).toList());
        return Rest.bearer(realm.newLogin().passwordLogin(username, "Roles-Passw0rd!").accessToken());
    }

    @Test
    @DisplayName("ping: manage-realm sends a signed, schema-valid ping to that one sink (whatever types it takes); "
            + "refused callers send nothing; unknown sink 404, disabled sink 409")
    void pingTestsAReceiver() throws Exception {
        long start = System.currentTimeMillis();
        String disabled = "{\"id\": \"asleep\", \"enabled\": false, \"url\": \"" + receiver.url("/asleep")
                + "\", \"secrets\": [\"" + SECRET + "\"], \"events\": [\"user.logged_in\"]" + Deliveries.NOT_CONSENT + "}";
        callers.admin().put(url("sinks"), "[" + sink("pinged", "user.deleted") + ", " + sink("bystander", "user.deleted")
                + ", " + disabled + "]").expect(200);

        for (Map.Entry<String, AdminCallers.Refused> caller : callers.notManagers().entrySet()) {
            assertThat(caller.getValue().rest().post(url("sinks/pinged/ping"), "").status()).as(caller.getKey() + " ping")
                    .isEqualTo(caller.getValue().status());
        }
        assertThat(callers.admin().post(url("sinks/nobody/ping"), "").status()).isEqualTo(404);
        Rest.Response asleep = callers.admin().post(url("sinks/asleep/ping"), "");
        assertThat(asleep.status()).isEqualTo(409);
        assertThat(asleep.body()).contains("sink_disabled");
        String id = callers.admin().post(url("sinks/pinged/ping"), "").expect(202).json().get("id").asText();

        List<WebhookReceiver.Request> pinged = Deliveries.awaitExactlyAfterDrained(receiver, "/pinged", 1,
                status("pinged"), Duration.ofSeconds(20));
        WebhookReceiver.Request ping = pinged.get(0);
        JsonNode body = JSON.readTree(ping.body());
        assertThat(ping.headers().get("webhook-id")).isEqualTo(id);
        assertThat(StandardWebhooks.verify(SECRET, ping.headers().get("webhook-signature"), id,
                Long.parseLong(ping.headers().get("webhook-timestamp")), ping.body())).as("signed").isTrue();
        assertThat(EventSchemas.problems(ping.body())).as("valid against ping.schema.json").isEmpty();
        assertThat(body.get("type").asText()).isEqualTo("ping");
        assertThat(body.get("subject").asText()).isEqualTo("pinged");
        assertThat(body.at("/data/sink").asText()).isEqualTo("pinged");
        assertThat(body.at("/data/realm").asText()).isEqualTo(realm.name());
        assertThat(body.has("partitionkey")).as("no person, no partition key").isFalse();
        assertThat(receiver.to("/bystander")).as("only the pinged sink").isEmpty();
        assertThat(receiver.to("/asleep")).isEmpty();
        assertThat(packAdminEvents(start)).extracting(e -> e.getOperationType() + " " + e.getResourcePath())
                .containsExactlyInAnyOrder("UPDATE ciam-events/sinks", "ACTION ciam-events/sinks/pinged/ping");
    }
}
