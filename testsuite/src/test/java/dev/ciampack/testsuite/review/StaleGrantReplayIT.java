package dev.ciampack.testsuite.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ciampack.events.webhook.StandardWebhooks;
import dev.ciampack.testsuite.events.Deliveries;
import dev.ciampack.testsuite.junit.Await;
import dev.ciampack.testsuite.junit.TestRealm;

/**
 * Review of issue 12, guarantee 4 ("replay/retry-now never send a row ... of a person who no longer grants the
 * sink's purposes"). The attack: a {@code consent.granted} that was dead-lettered is replayed after the person
 * has withdrawn. Before the fix the send-time check ({@code SinkDelivery.consentGone}) skipped notices, and a
 * withdrawal only dropped rows still queued and never notices, so the replay sent the stale grant after the
 * withdrawal: the consent sink's last word about the person was "granted" (marketing resumed for someone who
 * said stop).
 *
 * <p>Now {@code consentGone} checks a grant again before it is sent, replayed rows included, and drops it when
 * the person no longer grants the sink's purposes (unless their withdrawal of the same purpose waits behind it
 * for the same sink). The test checks that the replay sends nothing for the person who withdrew, while another
 * person's dead-lettered grant, still valid, is replayed.
 */
class StaleGrantReplayIT {

    private static final String SECRET = StandardWebhooks.newSecret();
    private static final ReviewSupport.ScriptedReceiver receiver = new ReviewSupport.ScriptedReceiver();

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> r.setEventsListeners(List.of("jboss-logging", "ciam-events")));

    @AfterAll
    static void stop() {
        receiver.close();
    }

    /** (Re)defines the consent sink; a PUT also turns it back on after a 410 disabled it. */
    private static void consentSink() {
        realm.adminRest().put(realm.adminUrl() + "/ciam-events/sinks", "[{\"id\": \"crm\", \"url\": \""
                + receiver.url("/crm") + "\", \"secrets\": [\"" + SECRET + "\"], "
                + "\"events\": [\"consent.granted\", \"consent.withdrawn\"], \"purposes\": [\"marketing_email\"]}]").expect(200);
    }

    private static void decide(String userId, String decision) {
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/users/" + userId + "/marketing_email",
                Map.of("decision", decision)).expect(200);
    }

    private static JsonNode status() {
        try {
            return Deliveries.status(realm.adminRest(), realm.adminUrl(), "crm").read();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The event types the sink received for a person, in arrival order, from request number {@code from} on. */
    private static List<String> typesFor(String userId, int from) {
        List<ReviewSupport.ScriptedReceiver.Request> all = receiver.to("/crm");
        return all.subList(Math.min(from, all.size()), all.size()).stream().map(r -> ReviewSupport.json(r.body()))
                .filter(b -> userId.equals(b.get("subject").asText())).map(b -> b.get("type").asText()).toList();
    }

    @Test
    @DisplayName("attack refused: a replay sends no dead-lettered consent.granted of a person who withdrew since; "
            + "another person's, still granted, is replayed")
    void staleGrantNotReplayedAfterWithdrawal() throws Exception {
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/purposes", """
                [{"id": "marketing_email", "version": 1, "title": {"en": "Offers by e-mail"}, "description": {"en": "News."}}]""")
                .expect(200);
        String ina = realm.createUser("ina", "Ina-Passw0rd!");
        String jon = realm.createUser("jon", "Jon-Passw0rd!");

        // Both grants are dead-lettered (the sink answers 410 Gone once each time, which also disables it).
        receiver.answer("/crm", 410);
        consentSink();
        decide(ina, "granted");
        Await.until(StaleGrantReplayIT::status, s -> s.get("deadLetter").asLong() == 1, Duration.ofSeconds(20));
        receiver.answer("/crm", 410);
        consentSink();
        decide(jon, "granted");
        Await.until(StaleGrantReplayIT::status, s -> s.get("deadLetter").asLong() == 2, Duration.ofSeconds(20));
        // The endpoint works again; ina withdraws, and her withdrawal is delivered.
        consentSink();
        decide(ina, "withdrawn");
        Await.until(() -> typesFor(ina, 0), t -> t.contains("consent.withdrawn"), Duration.ofSeconds(20));
        int beforeReplay = receiver.to("/crm").size();

        JsonNode replayed = realm.adminRest().post(realm.adminUrl() + "/ciam-events/sinks/crm/replay", "").expect(200).json();
        Deliveries.awaitSettledAfterDrained(() -> receiver.to("/crm"),
                Deliveries.status(realm.adminRest(), realm.adminUrl(), "crm"), Duration.ofSeconds(20), "after replay");

        assertThat(typesFor(ina, 0)).as("before the replay ina's withdrawal arrived").contains("consent.withdrawn");
        assertThat(replayed.get("replayed").asInt()).as("two dead letters: ina's and jon's grants").isEqualTo(2);
        // Control: jon still grants marketing_email, his dead-lettered grant is replayed.
        assertThat(typesFor(jon, beforeReplay)).containsExactly("consent.granted");
        // ina no longer grants the sink's purpose: nothing of hers may be sent by the replay. (Before the fix her stale grant was.)
        assertThat(typesFor(ina, beforeReplay)).as("sent to the consent sink for ina by the replay, after her withdrawal")
                .isEmpty();
    }
}
