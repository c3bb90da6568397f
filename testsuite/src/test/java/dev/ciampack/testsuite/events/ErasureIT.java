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

import dev.ciampack.events.webhook.StandardWebhooks;
import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.junit.Await;
import dev.ciampack.testsuite.junit.TestRealm;

/**
 * Erasure and withdrawal reach every copy: a deleted person's outbox rows go in every state (queued, dead
 * letter, delivered), whatever the realm's sinks are, and no replay can send them; withdrawing a purpose
 * removes at once what it allowed to be kept (anonymous ids, segments).
 */
class ErasureIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = StandardWebhooks.newSecret();
    private static final String PASSWORD = "Erase-Passw0rd!";
    private static final WebhookReceiver receiver = new WebhookReceiver();

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> r.setEventsListeners(List.of("jboss-logging", "ciam-events")));

    @BeforeAll
    static void setUp() {
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/purposes", """
                [{"id": "analytics", "version": 1, "title": {"en": "Analytics"}, "description": {"en": "Usage."}},
                 {"id": "personalization", "version": 1, "title": {"en": "Personalization"}, "description": {"en": "Offers."}}]""")
                .expect(200);
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    /** Sign-ins to {@code gone} (at {@code gonePath}) and {@code kept}, on legitimate interests. */
    private static void sinks(String gonePath) {
        String basis = ", \"events\": [\"user.logged_in\"], \"basis\": \"legitimate-interests\", "
                + "\"justification\": \"Sign-in alerts for the security team of the shop.\"}";
        realm.adminRest().put(realm.adminUrl() + "/ciam-events/sinks", "[{\"id\": \"gone\", \"url\": \""
                + receiver.url(gonePath) + "\", \"secrets\": [\"" + SECRET + "\"]" + basis + ", {\"id\": \"kept\", \"url\": \""
                + receiver.url("/kept") + "\", \"secrets\": [\"" + SECRET + "\"]" + basis + "]").expect(200);
    }

    private static Await.Probe<JsonNode> status(String sink) {
        return Deliveries.status(realm.adminRest(), realm.adminUrl(), sink);
    }

    /** The person's outbox rows in this realm, every sink and state. */
    private static List<JsonNode> rowsOf(String userId) throws Exception {
        List<JsonNode> rows = new java.util.ArrayList<>();
        OutboxProbe.outbox(realm, null).forEach(row -> {
            if (userId.equals(row.path("user").asText())) {
                rows.add(row);
            }
        });
        return rows;
    }

    @Test
    @DisplayName("deleting a person removes their dead letters and delivered rows; replaying the sink sends nothing of theirs")
    void deletionReachesEveryRow() throws Exception {
        receiver.answer("/gone", 410, 410);
        sinks("/gone");
        String erin = realm.createUser("erin", PASSWORD);
        realm.newLogin().passwordLogin("erin", PASSWORD);
        Await.until(status("gone"), s -> s.get("deadLetter").asLong() == 1, Duration.ofSeconds(20));
        sinks("/gone");
        String fred = realm.createUser("fred", PASSWORD);
        realm.newLogin().passwordLogin("fred", PASSWORD);
        JsonNode gone = Await.until(status("gone"), s -> s.get("deadLetter").asLong() == 2, Duration.ofSeconds(20));
        Deliveries.awaitDrained(status("kept"), Duration.ofSeconds(20));
        List<String> erinStates = rowsOf(erin).stream().map(r -> r.get("status").asText()).sorted().toList();

        realm.admin().users().get(erin).remove();
        List<JsonNode> erinAfter = rowsOf(erin);
        sinks("/back");
        JsonNode replayed = realm.adminRest().post(realm.adminUrl() + "/ciam-events/sinks/gone/replay", "").expect(200).json();
        List<WebhookReceiver.Request> back = Deliveries.awaitExactlyAfterDrained(receiver, "/back", 1, status("gone"),
                Duration.ofSeconds(20));

        assertThat(gone.get("deadLetter").asLong()).isEqualTo(2);
        assertThat(erinStates).as("before: a dead letter and a delivered row").containsExactly("DEAD_LETTER", "DELIVERED");
        assertThat(erinAfter).as("after deletion: nothing of erin's in any state").isEmpty();
        assertThat(rowsOf(fred)).as("control: fred's rows stay").isNotEmpty();
        assertThat(replayed.get("replayed").asInt()).as("only fred's dead letter").isEqualTo(1);
        assertThat(JSON.readTree(back.get(0).body()).get("subject").asText()).isEqualTo(fred);
        assertThat(receiver.to("/back")).noneMatch(r -> r.body().contains(erin));
    }

    @Test
    @DisplayName("deleting a person removes their rows even when the realm has no sink any more")
    void deletionWithoutSinks() throws Exception {
        sinks("/gone-2");
        String gwen = realm.createUser("gwen", PASSWORD);
        String hugo = realm.createUser("hugo", PASSWORD);
        realm.newLogin().passwordLogin("gwen", PASSWORD);
        realm.newLogin().passwordLogin("hugo", PASSWORD);
        Deliveries.awaitDrained(status("kept"), Duration.ofSeconds(20));
        Deliveries.awaitDrained(status("gone"), Duration.ofSeconds(20));
        int gwenBefore = rowsOf(gwen).size();
        realm.adminRest().put(realm.adminUrl() + "/ciam-events/sinks", "[]").expect(200);

        realm.admin().users().get(gwen).remove();

        assertThat(gwenBefore).isEqualTo(2);
        assertThat(rowsOf(gwen)).isEmpty();
        assertThat(rowsOf(hugo)).as("control: another person's rows stay").hasSize(2);
    }

    @Test
    @DisplayName("withdrawing analytics removes the anonymous ids at once, withdrawing personalization the segments")
    void withdrawalRemovesWhatItAllowed() {
        realm.enableRequiredAction("ciam-login-context", "CIAM login context");
        realm.adminRest().put(realm.adminUrl() + "/authentication/required-actions/ciam-login-context/config",
                Map.of("config", Map.of("anonymous-id-front-channel", "true", "segments", "[{\"name\": \"everyone\", "
                        + "\"all\": [{\"attribute\": \"ciam_login_count\", \"gte\": 1}]}]"))).expect(204);
        String iris = realm.createUser("iris", PASSWORD);
        decide(iris, "analytics", "granted");
        decide(iris, "personalization", "granted");
        OidcLogin login = realm.newLogin();
        login.finish(login.start(Map.of("ciam_anonymous_id", "anon-0f8fad5b-d9cb")).form("#kc-form-login")
                .set("username", "iris").set("password", PASSWORD).submit());
        Map<String, List<String>> signedIn = attributes(iris);

        decide(iris, "analytics", "withdrawn");
        Map<String, List<String>> afterAnalytics = attributes(iris);
        decide(iris, "personalization", "withdrawn");
        Map<String, List<String>> afterPersonalization = attributes(iris);

        assertThat(signedIn).containsEntry("ciam_anonymous_ids", List.of("anon-0f8fad5b-d9cb"))
                .containsEntry("ciam_segments", List.of("everyone"));
        assertThat(afterAnalytics).doesNotContainKey("ciam_anonymous_ids").containsEntry("ciam_segments", List.of("everyone"));
        assertThat(afterPersonalization).doesNotContainKey("ciam_anonymous_ids").doesNotContainKey("ciam_segments");
    }

    private static void decide(String userId, String purpose, String decision) {
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/users/" + userId + "/" + purpose,
                Map.of("decision", decision)).expect(200);
    }

    private static Map<String, List<String>> attributes(String userId) {
        Map<String, List<String>> attributes = realm.admin().users().get(userId).toRepresentation().getAttributes();
        return attributes == null ? Map.of() : attributes;
    }
}
