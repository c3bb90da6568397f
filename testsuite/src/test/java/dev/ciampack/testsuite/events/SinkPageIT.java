package dev.ciampack.testsuite.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ciampack.events.webhook.StandardWebhooks;
import dev.ciampack.testsuite.AdminCallers;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.junit.TestRealm;

/**
 * The sinks page of the admin console ({@code ciam-event-sinks}) through the components API as the console's page
 * handler calls it: the status line a save writes (pending rows, their age, the last error) and the actions run on
 * save (retry-now, ping), each saying what it did.
 */
class SinkPageIT {

    private static final String UI_PAGE = "org.keycloak.services.ui.extend.UiPageProvider";
    private static final String PAGE = "ciam-event-sinks";
    private static final WebhookReceiver receiver = new WebhookReceiver();

    @RegisterExtension
    static final TestRealm realm = TestRealm.create()
            .customize(r -> r.setEventsListeners(List.of("jboss-logging", "ciam-events")));

    private static AdminCallers callers;
    /** The sinks of every test (the JSON array, open at the end). */
    private static final String SINKS = "[" + sink("crm", "user.logged_in") + "," + sink("probe", "user.deleted") + ","
            + sink("quiet", "user.profile_updated");

    @BeforeAll
    static void setUp() {
        callers = AdminCallers.of(realm);
        realm.adminRest().put(realm.adminUrl() + "/ciam-events/sinks", SINKS + "]").expect(200);
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    private static String sink(String id, String eventType) {
        return "{\"id\": \"" + id + "\", \"url\": \"" + receiver.url("/" + id) + "\", \"secrets\": [\""
                + StandardWebhooks.newSecret() + "\"], \"events\": [\"" + eventType + "\"]" + Deliveries.NOT_CONSENT + "}";
    }

    private static JsonNode item(String sinkId) {
        for (JsonNode c : realm.adminRest().get(realm.adminUrl() + "/components?type=" + UI_PAGE + "&providerId=" + PAGE)
                .expect(200).json()) {
            if (c.at("/config/id/0").asText().equals(sinkId)) {
                return c;
            }
        }
        return null;
    }

    /** Saves the item as the console does (its config as listed, secrets masked, the route's parameters added). */
    private static Rest.Response save(String sinkId, String action) {
        return save(sinkId, action, Map.of());
    }

    /** {@link #save}, with some fields changed. */
    private static Rest.Response save(String sinkId, String action, Map<String, List<String>> changed) {
        JsonNode item = item(sinkId);
        Map<String, List<String>> config = new LinkedHashMap<>();
        item.get("config").fields().forEachRemaining(f -> {
            List<String> values = new ArrayList<>();
            f.getValue().forEach(v -> values.add(v.asText()));
            config.put(f.getKey(), values);
        });
        config.putAll(changed);
        config.put("action", List.of(action));
        config.put("realm", List.of(realm.name()));
        config.put("providerId", List.of(PAGE));
        config.put("id", List.of(item.get("id").asText()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", item.get("id").asText());
        body.put("name", sinkId);
        body.put("providerId", PAGE);
        body.put("providerType", UI_PAGE);
        body.put("parentId", item.get("parentId").asText());
        body.put("config", config);
        return realm.adminRest().put(realm.adminUrl() + "/components/" + item.get("id").asText(), body);
    }

    private static String status(String sinkId) {
        return item(sinkId).at("/config/status/0").asText();
    }

    @Test
    @DisplayName("a save writes the sink's status line: pending rows with their age and the last error while a "
            + "receiver fails; retry-now says how many rows it made due; the action goes back to none")
    void statusAndRetryNow() {
        save("crm", "none").expect(204);
        assertThat(status("crm")).isEqualTo("nothing pending");
        assertThat(item("crm").at("/config/id/0").asText()).as("the sink keeps its id").isEqualTo("crm");

        receiver.answer("/crm", 503, 503, 503);
        realm.newLogin().passwordLogin(TestRealm.USERNAME, TestRealm.PASSWORD);
        var probe = Deliveries.status(realm.adminRest(), realm.adminUrl(), "crm");
        Deliveries.awaitStatus(probe, s -> s.path("pending").asLong() == 1 && !s.path("lastError").isNull(),
                Duration.ofSeconds(20));

        save("crm", "none").expect(204);
        assertThat(status("crm")).startsWith("1 pending, oldest under a minute · last error: ");
        save("crm", "retry-now").expect(204);
        assertThat(status("crm")).startsWith("retry-now: 1 due at once · 1 pending");
        assertThat(item("crm").at("/config/action/0").asText()).isEqualTo("none");
        assertThat(receiver.await("/crm", 2, Duration.ofSeconds(20))).as("the retry went out at once").hasSize(2);
        receiver.answer("/crm");
    }

    @Test
    @DisplayName("ping queues a ping event for that sink alone, named in the status; an unknown action is refused; "
            + "a view-only admin sees the status but cannot run an action")
    void pingAndRefusals() {
        Rest.Response refused = save("probe", "delete-everything");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("action must be one of none, retry-now, replay-dead-letters, ping");

        save("probe", "ping").expect(204);
        String line = status("probe");
        assertThat(line).startsWith("ping: queued as ");
        String eventId = line.substring("ping: queued as ".length()).split(" ")[0];
        List<WebhookReceiver.Request> pings = receiver.await("/probe", 1, Duration.ofSeconds(20));
        assertThat(pings.get(0).body()).as("whatever event types the sink takes").contains("\"type\":\"ping\"")
                .contains(eventId);

        JsonNode listed = callers.viewer().get(realm.adminUrl() + "/components?type=" + UI_PAGE + "&providerId=" + PAGE)
                .expect(200).json();
        assertThat(listed.toString()).as("the status is on the list for a view-only admin").contains("ping: queued as");
        JsonNode item = item("probe");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", item.get("id").asText());
        body.put("providerId", PAGE);
        body.put("providerType", UI_PAGE);
        body.put("parentId", item.get("parentId").asText());
        body.put("config", Map.of("id", List.of("probe"), "url", List.of(receiver.url("/probe")),
                "action", List.of("ping")));
        assertThat(callers.viewer().put(realm.adminUrl() + "/components/" + item.get("id").asText(), body).status())
                .isEqualTo(403);
        assertThat(receiver.to("/probe")).hasSize(1);
    }

    @Test
    @DisplayName("a sink's pause (Retry-After) holds through a save that changes nothing, and ends with a save that changes "
            + "the sink, or when the sink is removed and created again")
    void savesAndThePause() throws Exception {
        receiver.answer("/quiet", 429, 429);
        receiver.retryAfter("/quiet", "3600");
        var user = realm.admin().users().get(realm.admin().users().search(TestRealm.USERNAME, true).get(0).getId());
        var rep = user.toRepresentation();
        rep.setLastName("Quiet" + System.nanoTime());
        user.update(rep);
        var probe = Deliveries.status(realm.adminRest(), realm.adminUrl(), "quiet");
        java.util.function.Predicate<JsonNode> paused = s -> !s.get("pausedUntil").isNull();
        JsonNode first = Deliveries.awaitStatus(probe, paused, Duration.ofSeconds(20));

        save("quiet", "none").expect(204);
        JsonNode unchanged = probe.read();
        save("quiet", "none", Map.of("justification", List.of("Order confirmations need the address (changed)"))).expect(204);
        JsonNode changed = probe.read();
        receiver.answer("/quiet", 429);
        Rest.Response pinged = save("quiet", "ping");
        JsonNode pausedAgain = Deliveries.awaitStatus(probe, paused, Duration.ofSeconds(20));
        Rest.Response removed = realm.adminRest().delete(realm.adminUrl() + "/components/" + item("quiet").get("id").asText());
        realm.adminRest().put(realm.adminUrl() + "/ciam-events/sinks", SINKS + "]").expect(200);
        JsonNode recreated = probe.read();

        assertThat(unchanged.get("pausedUntil").asText()).as("a save that changes nothing").isEqualTo(first.get("pausedUntil")
                .asText());
        assertThat(changed.get("pausedUntil").isNull()).as("a changed sink").isTrue();
        assertThat(pinged.status()).isEqualTo(204);
        assertThat(pausedAgain.get("pausedUntil").isNull()).isFalse();
        assertThat(removed.status()).isEqualTo(204);
        assertThat(recreated.get("pausedUntil").isNull()).as("removed and created again").isTrue();
        receiver.clear("/quiet");
    }
}
