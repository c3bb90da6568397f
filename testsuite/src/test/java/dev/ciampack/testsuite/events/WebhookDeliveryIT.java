package dev.ciampack.testsuite.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ciampack.events.webhook.StandardWebhooks;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.junit.Await;
import dev.ciampack.testsuite.junit.TestRealm;

/** Login events through Keycloak's outbox to signed webhooks, filtered by sink and consent. */
class WebhookDeliveryIT {

    private static final String SECRET = StandardWebhooks.newSecret();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WebhookReceiver receiver = new WebhookReceiver();

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> r.setEventsListeners(List.of("jboss-logging", "ciam-events")));

    @RegisterExtension
    static final TestRealm other = TestRealm.create().customize(r -> r.setEventsListeners(List.of("jboss-logging", "ciam-events")));

    @AfterAll
    static void stop() {
        receiver.close();
    }

    /** The realm's one consent purpose in these tests, {@code analytics}. */
    private static void definePurpose() {
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/purposes", """
                [{"id": "analytics", "version": 1, "title": {"en": "Analytics"}, "description": {"en": "Usage."}}]""")
                .expect(200);
    }

    /** An administrator records the person's decision on {@code analytics}. */
    private static void decide(String userId, String decision) {
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/users/" + userId + "/analytics",
                Map.of("decision", decision)).expect(200);
    }

    static Rest.Response putSinks(TestRealm target, String json) {
        return target.adminRest().put(target.adminUrl() + "/ciam-events/sinks", json);
    }

    static String sink(String id, String path, String extra) {
        return "{\"id\": \"" + id + "\", \"type\": \"webhook\", \"url\": \"" + receiver.url(path) + "\", \"secrets\": [\""
                + SECRET + "\"]" + Deliveries.basisUnlessStated(extra) + "}";
    }

    @Test
    @DisplayName("the pack's two outbox indexes exist beside Keycloak's, created by Keycloak's own Liquibase run")
    void outboxIndexes() throws Exception {
        JsonNode indexes = OutboxProbe.outboxIndexes(realm);

        assertThat(indexes).extracting(JsonNode::asText).contains("IDX_CIAM_OUTBOX_DUE", "IDX_CIAM_OUTBOX_ORDER",
                "IDX_OUTBOX_DRAIN", "IDX_OUTBOX_CONTAINER");
    }

    @Test
    @DisplayName("a login produces exactly one signed delivery whose signature verifies, with only allowed traits; other realms' sinks get nothing")
    void loginDelivered() throws Exception {
        putSinks(realm, "[" + sink("crm", "/crm", ", \"events\": [\"user.logged_in\"], \"attributes\": [\"firstName\"]")
                + ", " + sink("analytics", "/analytics", ", \"purposes\": [\"analytics\"]") + "]").expect(200);
        putSinks(other, "[" + sink("other-crm", "/other", "") + "]").expect(200);
        definePurpose();
        String nina = realm.createUser("nina", "Nina-Passw0rd!");

        realm.newLogin().passwordLogin("nina", "Nina-Passw0rd!");
        List<WebhookReceiver.Request> received = Deliveries.awaitExactlyAfterDrained(receiver, "/crm", 1, sinkStatus("crm"),
                Duration.ofSeconds(20));
        JsonNode notGranted = status("analytics");

        assertThat(receiver.to("/crm")).hasSize(1);
        WebhookReceiver.Request request = received.get(0);
        JsonNode body = JSON.readTree(request.body());
        assertThat(request.headers().get("webhook-id")).isEqualTo(body.get("id").asText());
        assertThat(StandardWebhooks.verify(SECRET, request.headers().get("webhook-signature"),
                request.headers().get("webhook-id"), Long.parseLong(request.headers().get("webhook-timestamp")),
                request.body())).isTrue();
        assertThat(request.headers().get("content-type")).startsWith("application/cloudevents+json");
        assertThat(body.get("specversion").asText()).isEqualTo("1.0");
        try (var schemaText = WebhookDeliveryIT.class.getResourceAsStream("/schema/envelope.schema.json")) {
            var schema = com.networknt.schema.JsonSchemaFactory.getInstance(
                    com.networknt.schema.SpecVersion.VersionFlag.V202012).getSchema(schemaText);
            assertThat(schema.validate(body)).as("envelope schema").isEmpty();
            JsonNode broken = body.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) broken).remove("subject");
            assertThat(schema.validate(broken)).as("the schema is not a pass-through").isNotEmpty();
        }
        assertThat(body.get("type").asText()).isEqualTo("user.logged_in");
        assertThat(body.get("subject").asText()).isEqualTo(nina);
        assertThat(body.get("partitionkey").asText()).isEqualTo(nina);
        assertThat(body.at("/data/traits").toString()).isEqualTo("{\"firstName\":\"Nina\"}");
        assertThat(receiver.to("/analytics")).as("purpose not granted").isEmpty();
        assertThat(notGranted.get("pending").asLong() + notGranted.get("delivered").asLong()
                + notGranted.get("deadLetter").asLong()).as("purpose not granted: no row queued either").isZero();
        assertThat(receiver.to("/other")).as("realm B's sink").isEmpty();

        decide(nina, "granted");
        realm.newLogin().passwordLogin("nina", "Nina-Passw0rd!");
        // The analytics sink takes every type: the grant itself (consent.granted) and the login.
        assertThat(receiver.await("/analytics", 2, Duration.ofSeconds(20)))
                .extracting(r -> JSON.readTree(r.body()).get("type").asText())
                .containsExactlyInAnyOrder("consent.granted", "user.logged_in");

        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(realm.keycloak().server().managementUrl() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics.lines().filter(l -> l.startsWith("ciam_events_deliveries_total{")
                && l.contains("sink=\"crm\"") && l.contains("outcome=\"delivered\"") && l.contains(realm.name())))
                .as("delivery counter on the metrics endpoint").isNotEmpty();
        assertThat(metrics).contains("ciam_events_enqueued_total{");
        assertThat(metrics.lines().filter(l -> l.startsWith("ciam_events_delivery_latency_seconds_bucket{")
                && l.contains("sink=\"crm\"") && l.contains(realm.name()))).as("commit-to-delivery histogram").isNotEmpty();
        assertThat(metrics.lines().filter(l -> l.startsWith("executor_pool_size_threads{")
                && l.contains("name=\"ciam-events-delivery\""))).as("the delivery threads").isNotEmpty();
        assertThat(metrics.lines().filter(l -> l.startsWith("executor_queued_tasks{")
                && l.contains("name=\"ciam-events-delivery\""))).as("their queue").isNotEmpty();

        // Control: realm B's sink does receive realm B's own sign-in, and only that.
        String otherAlice = other.userId(TestRealm.USERNAME);
        other.newLogin().passwordLogin(TestRealm.USERNAME, TestRealm.PASSWORD);
        List<WebhookReceiver.Request> toOther = Deliveries.awaitExactlyAfterDrained(receiver, "/other", 1,
                Deliveries.status(other.adminRest(), other.adminUrl(), "other-crm"), Duration.ofSeconds(20));
        assertThat(JSON.readTree(toOther.get(0).body()).get("subject").asText()).isEqualTo(otherAlice);
    }

    @Test
    @DisplayName("GET never returns secrets; invalid sinks are refused with the problems named")
    void secretsHiddenAndValidation() throws Exception {
        putSinks(realm, "[" + sink("hidden", "/hidden", "") + "]").expect(200);

        String listed = realm.adminRest().get(realm.adminUrl() + "/ciam-events/sinks").expect(200).body();
        Rest.Response refused = putSinks(realm, "[{\"id\": \"Bad Id\", \"url\": \"ftp://x\", \"secrets\": [\"nope\"], "
                + "\"events\": [\"user.teleported\"]}]");

        assertThat(listed).contains("\"secretCount\":1").doesNotContain(SECRET).doesNotContain("whsec_");
        assertThat(java.nio.file.Files.readString(realm.keycloak().server().logFile())).doesNotContain(SECRET);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("sinks[0].id must be").contains("sinks[0].url must be an absolute http(s) URL")
                .contains("starts with whsec_").contains("unknown event type 'user.teleported'");
    }

    @Test
    @DisplayName("a sink answering 500 gets the event again later; 410 disables the sink")
    void retriesAndGone() throws Exception {
        putSinks(realm, "[" + sink("flaky", "/flaky", ", \"events\": [\"user.logged_in\"]") + ", "
                + sink("gone", "/gone", ", \"events\": [\"user.logged_in\"]") + "]").expect(200);
        receiver.answer("/flaky", 500);
        receiver.answer("/gone", 410);
        realm.createUser("olga", "Olga-Passw0rd!");

        realm.newLogin().passwordLogin("olga", "Olga-Passw0rd!");
        List<WebhookReceiver.Request> flaky = receiver.await("/flaky", 2, Duration.ofSeconds(30));

        assertThat(flaky).hasSize(2);
        assertThat(flaky.get(1).headers().get("webhook-id")).isEqualTo(flaky.get(0).headers().get("webhook-id"));
        assertThat(receiver.to("/gone")).hasSize(1);
        String listed = realm.adminRest().get(realm.adminUrl() + "/ciam-events/sinks").expect(200).body();
        assertThat(JSON.readTree(listed).findValuesAsText("id")).contains("gone");
        for (JsonNode sink : JSON.readTree(listed)) {
            if (sink.get("id").asText().equals("gone")) {
                assertThat(sink.get("enabled").asBoolean()).isFalse();
            }
        }
        JsonNode deadStatus = JSON.readTree(realm.adminRest().get(realm.adminUrl() + "/ciam-events/sinks/gone/status")
                .expect(200).body());
        assertThat(deadStatus.get("deadLetter").asLong()).isEqualTo(1);
        assertThat(deadStatus.get("lastError").asText()).contains("410");

        // The endpoint is back: the operator re-enables the sink and replays its dead letters.
        putSinks(realm, "[" + sink("gone", "/gone", ", \"events\": [\"user.logged_in\"]") + "]").expect(200);
        JsonNode replayed = JSON.readTree(realm.adminRest().post(realm.adminUrl() + "/ciam-events/sinks/gone/replay",
                Map.of()).expect(200).body());
        List<WebhookReceiver.Request> gone = Deliveries.awaitExactlyAfterDrained(receiver, "/gone", 2, sinkStatus("gone"),
                Duration.ofSeconds(20));
        JsonNode status = status("gone");

        assertThat(replayed.get("replayed").asInt()).isEqualTo(1);
        assertThat(gone).hasSize(2);
        assertThat(gone.get(1).headers().get("webhook-id")).isEqualTo(gone.get(0).headers().get("webhook-id"));
        assertThat(status.get("deadLetter").asLong()).isZero();
        assertThat(status.get("delivered").asLong()).isEqualTo(1);
        assertThat(realm.adminRest().get(realm.adminUrl() + "/ciam-events/sinks/nope/status").status()).isEqualTo(404);
    }

    @Test
    @DisplayName("consent decisions reach the sink as consent.granted and consent.withdrawn, the withdrawal too")
    void consentEvents() throws Exception {
        definePurpose();
        putSinks(realm, "[" + sink("consents", "/consents", ", \"events\": [\"consent.granted\", \"consent.withdrawn\"], "
                + "\"purposes\": [\"analytics\"], \"attributes\": [\"firstName\"]") + "]").expect(200);
        String paul = realm.createUser("paul", "Paul-Passw0rd!");

        decide(paul, "granted");
        decide(paul, "withdrawn");
        List<WebhookReceiver.Request> received = receiver.await("/consents", 2, Duration.ofSeconds(20));

        assertThat(received).hasSize(2);
        List<JsonNode> bodies = new java.util.ArrayList<>();
        for (WebhookReceiver.Request r : received) {
            bodies.add(JSON.readTree(r.body()));
        }
        assertThat(bodies).extracting(b -> b.get("type").asText())
                .containsExactlyInAnyOrder("consent.granted", "consent.withdrawn");
        assertThat(bodies).allSatisfy(b -> {
            assertThat(b.at("/data/purpose").asText()).isEqualTo("analytics");
            assertThat(b.at("/data/channel").asText()).isEqualTo("admin");
            assertThat(b.at("/data/traits").size()).as("no traits with consent events").isZero();
            assertThat(b.get("subject").asText()).isEqualTo(paul);
        });
    }

    @Test
    @DisplayName("deleting a user purges their pending rows and sends user.deleted")
    void userDeletion() throws Exception {
        putSinks(realm, "[" + sink("erase", "/erase", ", \"events\": [\"user.logged_in\", \"user.deleted\"], "
                + "\"purposes\": [\"analytics\"], \"attributes\": [\"firstName\"]") + "]").expect(200);
        definePurpose();
        String quinn = realm.createUser("quinn", "Quinn-Passw0rd!");
        decide(quinn, "granted");
        // Two failures: the login row would be retried after 1 s and 5 s, and succeed at the third try.
        receiver.answer("/erase", 500, 500);

        realm.newLogin().passwordLogin("quinn", "Quinn-Passw0rd!");
        receiver.await("/erase", 1, Duration.ofSeconds(20));
        realm.admin().users().get(quinn).remove();
        // Until user.deleted got through (it may meet the second scripted 500) and the sink's queue is empty:
        // had the login row survived, it would still be pending (retried after 1 s and 5 s).
        Await.until(() -> types("/erase"), t -> t.contains("user.deleted"), Duration.ofSeconds(20));
        Deliveries.awaitSettledAfterDrained(receiver, "/erase", sinkStatus("erase"), Duration.ofSeconds(20));

        List<String> types = types("/erase");
        int firstDeleted = types.indexOf("user.deleted");
        assertThat(firstDeleted).as("user.deleted sent").isPositive();
        assertThat(types.subList(firstDeleted, types.size())).as("the pending login row was purged: never sent again")
                .containsOnly("user.deleted");
        assertThat(types.subList(0, firstDeleted)).containsOnly("user.logged_in").hasSizeLessThanOrEqualTo(2);
        JsonNode deleted = JSON.readTree(receiver.to("/erase").get(firstDeleted).body());
        assertThat(deleted.get("subject").asText()).isEqualTo(quinn);
        assertThat(deleted.at("/data/traits").size()).isZero();
    }

    /** The event types a path received, in order. */
    private static List<String> types(String path) throws Exception {
        List<String> types = new java.util.ArrayList<>();
        for (WebhookReceiver.Request r : receiver.to(path)) {
            types.add(JSON.readTree(r.body()).get("type").asText());
        }
        return types;
    }

    @Test
    @DisplayName("a Segment sink receives a login as a track call with the write key and messageId = event id")
    void segmentSink() throws Exception {
        putSinks(realm, "[{\"id\": \"cdp\", \"type\": \"segment\", \"url\": \"" + receiver.url("/v1/batch")
                + "\", \"writeKey\": \"wk_test_0123456789\", \"events\": [\"user.logged_in\"]" + Deliveries.NOT_CONSENT + "}]").expect(200);
        realm.createUser("rosa", "Rosa-Passw0rd!");

        realm.newLogin().passwordLogin("rosa", "Rosa-Passw0rd!");
        List<WebhookReceiver.Request> received = receiver.await("/v1/batch", 1, Duration.ofSeconds(20));

        assertThat(received).hasSize(1);
        assertThat(received.get(0).headers().get("authorization")).isEqualTo("Basic " + java.util.Base64.getEncoder()
                .encodeToString("wk_test_0123456789:".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        JsonNode message = JSON.readTree(received.get(0).body()).get("batch").get(0);
        assertThat(message.get("type").asText()).isEqualTo("track");
        assertThat(message.get("event").asText()).isEqualTo("Signed In");
        assertThat(message.get("messageId").asText()).matches("[0-9a-f-]{36}");
        String listed = realm.adminRest().get(realm.adminUrl() + "/ciam-events/sinks").expect(200).body();
        assertThat(listed).doesNotContain("wk_test_0123456789").contains("\"secretCount\":1");
    }

    @Test
    @DisplayName("a Segment message retried after the person withdrew carries the withdrawal in its consent object: "
            + "the categories are read when it is sent, not when it was queued")
    void segmentConsentAtSendTime() throws Exception {
        definePurpose();
        putSinks(realm, "[{\"id\": \"cdp-later\", \"type\": \"segment\", \"url\": \"" + receiver.url("/v1/later")
                + "\", \"writeKey\": \"wk_test_0123456789\", \"events\": [\"user.logged_in\"], "
                + "\"consentCategories\": {\"analytics\": \"Analytics\"}" + Deliveries.NOT_CONSENT + "}]").expect(200);
        String ulla = realm.createUser("ulla", "Ulla-Passw0rd!!");
        decide(ulla, "granted");
        receiver.answer("/v1/later", 500);

        realm.newLogin().passwordLogin("ulla", "Ulla-Passw0rd!!");
        receiver.await("/v1/later", 1, Duration.ofSeconds(20));
        decide(ulla, "withdrawn");
        realm.adminRest().post(realm.adminUrl() + "/ciam-events/sinks/cdp-later/retry-now", "").expect(200);
        List<WebhookReceiver.Request> received = receiver.await("/v1/later", 2, Duration.ofSeconds(20));

        JsonNode first = JSON.readTree(received.get(0).body()).get("batch").get(0);
        JsonNode retried = JSON.readTree(received.get(1).body()).get("batch").get(0);
        assertThat(received.get(0).answered()).isEqualTo(500);
        assertThat(retried.get("messageId").asText()).isEqualTo(first.get("messageId").asText());
        assertThat(first.at("/context/consent/categoryPreferences").toString()).isEqualTo("{\"Analytics\":true}");
        assertThat(retried.at("/context/consent/categoryPreferences").toString()).isEqualTo("{\"Analytics\":false}");
    }

    @Test
    @DisplayName("a Segment sink with consent categories sends the person's preferences as Segment's consent object, "
            + "as they are when each message is sent")
    void segmentConsentObject() throws Exception {
        definePurpose();
        putSinks(realm, "[{\"id\": \"cdp-consent\", \"type\": \"segment\", \"url\": \"" + receiver.url("/v1/consent")
                + "\", \"writeKey\": \"wk_test_0123456789\", \"events\": [\"user.logged_in\"], "
                + "\"consentCategories\": {\"analytics\": \"Analytics\"}" + Deliveries.NOT_CONSENT + "}]").expect(200);
        String sol = realm.createUser("sol", "Sol-Passw0rd!!");

        realm.newLogin().passwordLogin("sol", "Sol-Passw0rd!!");
        receiver.await("/v1/consent", 1, Duration.ofSeconds(20));
        decide(sol, "granted");
        realm.newLogin().passwordLogin("sol", "Sol-Passw0rd!!");
        List<WebhookReceiver.Request> received = receiver.await("/v1/consent", 2, Duration.ofSeconds(20));

        assertThat(received).hasSize(2);
        JsonNode before = JSON.readTree(received.get(0).body()).get("batch").get(0);
        JsonNode after = JSON.readTree(received.get(1).body()).get("batch").get(0);
        assertThat(before.at("/context/consent/categoryPreferences").toString()).isEqualTo("{\"Analytics\":false}");
        assertThat(after.at("/context/consent/categoryPreferences").toString()).isEqualTo("{\"Analytics\":true}");
        assertThat(after.path("properties").has("consentCategories")).isFalse();
        assertThat(realm.adminRest().get(realm.adminUrl() + "/ciam-events/sinks").expect(200).body())
                .contains("\"consentCategories\":{\"analytics\":\"Analytics\"}");
    }

    @Test
    @DisplayName("a Segment backlog goes out in batch requests, one per lane, each person's messages in commit order")
    void segmentBatches() throws Exception {
        putSinks(realm, "[{\"id\": \"cdp-batch\", \"type\": \"segment\", \"url\": \"" + receiver.url("/v1/batched")
                + "\", \"writeKey\": \"wk_test_0123456789\", \"events\": [\"user.profile_updated\"], \"attributes\": "
                + "[\"firstName\"]" + Deliveries.NOT_CONSENT + "}]").expect(200);
        Integer[] parked = new Integer[20];
        java.util.Arrays.fill(parked, 429);
        receiver.answer("/v1/batched", parked);
        receiver.retryAfter("/v1/batched", "3600");
        List<String> people = List.of(realm.createUser("sam", "Sam-Passw0rd!!"), realm.createUser("tea", "Tea-Passw0rd!!"));
        for (int i = 0; i < 10; i++) {
            for (String id : people) {
                var user = realm.admin().users().get(id);
                var rep = user.toRepresentation();
                rep.setFirstName("N" + i);
                user.update(rep);
            }
        }
        Await.until(() -> OutboxProbe.outbox(realm, "cdp-batch"),
                r -> r.size() == 20 && OutboxProbe.parkedFor(r, Duration.ofMinutes(30)), Duration.ofSeconds(20));
        int triedWhileParked = receiver.to("/v1/batched").size();
        receiver.clear("/v1/batched");

        realm.adminRest().post(realm.adminUrl() + "/ciam-events/sinks/cdp-batch/retry-now", "").expect(200);
        Deliveries.awaitStatus(sinkStatus("cdp-batch"), s -> s.get("delivered").asLong() == 20, Duration.ofSeconds(20));
        List<WebhookReceiver.Request> sent = receiver.to("/v1/batched").subList(triedWhileParked,
                receiver.to("/v1/batched").size());

        assertThat(sent.size()).as("batch requests for 20 messages of 2 people").isBetween(1, 2);
        List<JsonNode> messages = new java.util.ArrayList<>();
        for (WebhookReceiver.Request request : sent) {
            JSON.readTree(request.body()).get("batch").forEach(messages::add);
        }
        assertThat(messages).hasSize(20).extracting(m -> m.get("messageId").asText()).doesNotHaveDuplicates();
        for (String id : people) {
            assertThat(messages.stream().filter(m -> m.get("userId").asText().equals(id))
                    .map(m -> m.at("/traits/firstName").asText()).toList())
                    .as("in commit order").containsExactly("N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9");
        }
    }

    @Test
    @DisplayName("a 429 with Retry-After is retried no sooner than asked (the backoff alone would retry after 1 s)")
    void retryAfterHonoured() throws Exception {
        putSinks(realm, "[" + sink("busy", "/busy", ", \"events\": [\"user.logged_in\"]") + "]").expect(200);
        receiver.answer("/busy", 429);
        receiver.retryAfter("/busy", "5");
        realm.createUser("sara", "Sara-Passw0rd!");

        realm.newLogin().passwordLogin("sara", "Sara-Passw0rd!");
        List<WebhookReceiver.Request> busy = receiver.await("/busy", 2, Duration.ofSeconds(30));

        assertThat(busy).hasSize(2);
        assertThat(busy.get(1).receivedAtMillis() - busy.get(0).receivedAtMillis()).isGreaterThanOrEqualTo(4_500);
        assertThat(busy.get(1).headers().get("webhook-id")).isEqualTo(busy.get(0).headers().get("webhook-id"));
    }

    @Test
    @DisplayName("users created and updated through the admin API become user.registered and user.profile_updated")
    void adminEventsOnUsers() throws Exception {
        putSinks(realm, "[" + sink("admin-crm", "/admin-crm", ", \"events\": [\"user.registered\", \"user.profile_updated\"], "
                + "\"attributes\": [\"firstName\"]") + "]").expect(200);

        String tina = realm.createUser("tina", "Tina-Passw0rd!");
        var user = realm.admin().users().get(tina).toRepresentation();
        user.setFirstName("Tina-Renamed");
        realm.admin().users().get(tina).update(user);
        List<WebhookReceiver.Request> received = receiver.await("/admin-crm", 2, Duration.ofSeconds(20));

        List<JsonNode> bodies = new java.util.ArrayList<>();
        for (WebhookReceiver.Request r : received) {
            bodies.add(JSON.readTree(r.body()));
        }
        assertThat(bodies).extracting(b -> b.get("type").asText()).contains("user.registered", "user.profile_updated");
        assertThat(bodies).allSatisfy(b -> assertThat(b.get("subject").asText()).isEqualTo(tina));
        assertThat(bodies).filteredOn(b -> b.get("type").asText().equals("user.profile_updated"))
                .anySatisfy(b -> assertThat(b.at("/data/traits/firstName").asText()).isEqualTo("Tina-Renamed"));
    }

    @Test
    @DisplayName("an event whose transaction rolls back leaves no row and is never sent; the same event committed is sent once")
    void rolledBackEventLeavesNothing() throws Exception {
        putSinks(realm, "[" + sink("rollback", "/rollback", ", \"events\": [\"user.logged_in\"]") + "]").expect(200);
        String ugo = realm.createUser("ugo", "Ugo-Passw0rd!!");

        // The probe fires LOGIN through the realm's listeners like a sign-in, then fails the request: by its
        // answer the transaction is rolled back, and a row it had written would be visible (committed) or never.
        int failed = OutboxProbe.loginEvent(realm, ugo, true);
        JsonNode afterRollback = status("rollback");
        int committed = OutboxProbe.loginEvent(realm, ugo, false);
        List<WebhookReceiver.Request> received = Deliveries.awaitExactlyAfterDrained(receiver, "/rollback", 1,
                sinkStatus("rollback"), Duration.ofSeconds(20));

        assertThat(failed).isEqualTo(500);
        assertThat(afterRollback.get("pending").asLong() + afterRollback.get("delivered").asLong()
                + afterRollback.get("deadLetter").asLong()).as("no outbox row after the rollback").isZero();
        assertThat(committed).isEqualTo(204);
        assertThat(receiver.to("/rollback")).hasSize(1);
        assertThat(JSON.readTree(received.get(0).body()).at("/data/clientId").asText()).isEqualTo("probe");
        assertThat(status("rollback").get("delivered").asLong()).isEqualTo(1);
    }

    @Test
    @DisplayName("one event handed to the listener twice in a transaction, and again in a later one, is one row and one delivery per sink")
    void oneRowPerEventAndSink() throws Exception {
        putSinks(realm, "[" + sink("once-a", "/once-a", ", \"events\": [\"user.logged_in\"]") + ", "
                + sink("once-b", "/once-b", ", \"events\": [\"user.logged_in\"]") + "]").expect(200);
        String vito = realm.createUser("vito", "Vito-Passw0rd!!");
        String eventId = java.util.UUID.randomUUID().toString();

        // The pack inserts a row without looking for an earlier one: the outbox's unique (kind, owner, event id)
        // with ON CONFLICT DO NOTHING is what keeps the second and third copies out, in one transaction and across two.
        int first = OutboxProbe.sameLoginEvent(realm, vito, eventId, 2);
        int again = OutboxProbe.sameLoginEvent(realm, vito, eventId, 1);
        List<WebhookReceiver.Request> a = Deliveries.awaitExactlyAfterDrained(receiver, "/once-a", 1,
                sinkStatus("once-a"), Duration.ofSeconds(20));
        List<WebhookReceiver.Request> b = Deliveries.awaitExactlyAfterDrained(receiver, "/once-b", 1,
                sinkStatus("once-b"), Duration.ofSeconds(20));

        assertThat(first).isEqualTo(204);
        assertThat(again).isEqualTo(204);
        for (String sink : List.of("once-a", "once-b")) {
            JsonNode rows = OutboxProbe.outbox(realm, sink);
            assertThat(rows).as("rows of " + sink).hasSize(1);
            assertThat(rows.get(0).get("correlationId").asText()).isEqualTo(eventId);
            assertThat(rows.get(0).get("user").asText()).isEqualTo(vito);
            assertThat(rows.get(0).get("status").asText()).isEqualTo("DELIVERED");
            assertThat(rows.get(0).get("nextAttemptAt").asText()).as("due when created, as Keycloak's rows are")
                    .isEqualTo(rows.get(0).get("createdAt").asText());
        }
        assertThat(JSON.readTree(a.get(0).body()).get("id").asText()).isEqualTo(eventId);
        assertThat(JSON.readTree(b.get(0).body()).get("id").asText()).isEqualTo(eventId);
        assertThat(a.get(0).headers().get("webhook-id")).isEqualTo(eventId);
    }

    private static Await.Probe<JsonNode> sinkStatus(String sink) {
        return Deliveries.status(realm.adminRest(), realm.adminUrl(), sink);
    }

    private static JsonNode status(String sink) throws Exception {
        return sinkStatus(sink).read();
    }

    @Test
    @DisplayName("a 301 is a failure: the redirect is not followed and the event is retried at the sink's own URL")
    void redirectNotFollowed() throws Exception {
        putSinks(realm, "[" + sink("moved", "/moved", ", \"events\": [\"user.logged_in\"]") + "]").expect(200);
        receiver.answer("/moved", 301);
        realm.createUser("vera", "Vera-Passw0rd!");

        realm.newLogin().passwordLogin("vera", "Vera-Passw0rd!");
        List<WebhookReceiver.Request> moved = Deliveries.awaitExactlyAfterDrained(receiver, "/moved", 2, sinkStatus("moved"),
                Duration.ofSeconds(30));

        assertThat(moved).hasSize(2);
        assertThat(moved.get(1).headers().get("webhook-id")).isEqualTo(moved.get(0).headers().get("webhook-id"));
        assertThat(receiver.to("/redirected/moved")).as("Location never followed").isEmpty();
        assertThat(status("moved").get("delivered").asLong()).isEqualTo(1);
    }

    @Test
    @DisplayName("a secret may be a vault reference: deliveries are signed with the vault's value; a missing one keeps the row pending")
    void vaultSecrets() throws Exception {
        String vaultSecret = StandardWebhooks.newSecret();
        java.nio.file.Files.writeString(dev.ciampack.testsuite.server.HarnessSettings.vaultDir()
                .resolve(realm.name() + "_hooksecret"), vaultSecret);
        putSinks(realm, "[{\"id\": \"vaulted\", \"url\": \"" + receiver.url("/vaulted") + "\", \"secrets\": "
                + "[\"${vault.hooksecret}\"], \"events\": [\"user.logged_in\"]" + Deliveries.NOT_CONSENT + "}, {\"id\": "
                + "\"missing\", \"url\": \"" + receiver.url("/missing") + "\", \"secrets\": [\"${vault.nothere}\"], "
                + "\"events\": [\"user.logged_in\"]" + Deliveries.NOT_CONSENT + "}]")
                .expect(200);
        realm.createUser("wim", "Wim-Passw0rd!!");

        realm.newLogin().passwordLogin("wim", "Wim-Passw0rd!!");
        List<WebhookReceiver.Request> received = receiver.await("/vaulted", 1, Duration.ofSeconds(20));
        String listed = realm.adminRest().get(realm.adminUrl() + "/ciam-events/sinks").expect(200).body();

        WebhookReceiver.Request request = received.get(0);
        assertThat(StandardWebhooks.verify(vaultSecret, request.headers().get("webhook-signature"),
                request.headers().get("webhook-id"), Long.parseLong(request.headers().get("webhook-timestamp")),
                request.body())).isTrue();
        assertThat(listed).doesNotContain("vault.hooksecret").doesNotContain(vaultSecret);
        JsonNode missing = Deliveries.awaitStatus(sinkStatus("missing"), s -> s.hasNonNull("lastError"), Duration.ofSeconds(20));
        assertThat(missing.get("pending").asLong()).isEqualTo(1);
        assertThat(missing.get("lastError").asText()).isEqualTo("vault secret ${vault.nothere} not found");
        assertThat(receiver.to("/missing")).isEmpty();
        assertThat(java.nio.file.Files.readString(realm.keycloak().server().logFile())).doesNotContain(vaultSecret);
    }

    @Test
    @DisplayName("withdrawing a purpose drops the person's rows still queued for the sinks serving it; the withdrawal itself is sent")
    void withdrawalDropsQueuedRows() throws Exception {
        definePurpose();
        putSinks(realm, "[" + sink("optout", "/optout", ", \"events\": [\"user.logged_in\", \"consent.withdrawn\"], "
                + "\"purposes\": [\"analytics\"]") + "]").expect(200);
        String xena = realm.createUser("xena", "Xena-Passw0rd!");
        decide(xena, "granted");
        // The first attempt is told to come back in 60 s: the login row stays queued meanwhile.
        receiver.answer("/optout", 429);
        receiver.retryAfter("/optout", "60");

        realm.newLogin().passwordLogin("xena", "Xena-Passw0rd!");
        receiver.await("/optout", 1, Duration.ofSeconds(20));
        JsonNode queued = status("optout");
        decide(xena, "withdrawn");
        // The sink asked for 60 s of quiet, so its new rows, the withdrawal too, wait for them; an admin ends that.
        realm.adminRest().post(realm.adminUrl() + "/ciam-events/sinks/optout/retry-now", "").expect(200);
        List<WebhookReceiver.Request> received = Deliveries.awaitExactlyAfterDrained(receiver, "/optout", 2,
                sinkStatus("optout"), Duration.ofSeconds(20));
        JsonNode after = status("optout");

        assertThat(queued.get("pending").asLong()).isEqualTo(1);
        assertThat(received).extracting(r -> JSON.readTree(r.body()).get("type").asText())
                .containsExactly("user.logged_in", "consent.withdrawn");
        assertThat(after.get("pending").asLong()).as("the queued login row is gone").isZero();
        assertThat(after.get("deadLetter").asLong()).as("dropped, not kept as a dead letter").isZero();
        assertThat(after.get("delivered").asLong()).isEqualTo(1);
    }

    /** The first line of the shared server's /metrics that starts with {@code prefix} and names {@code tag} and the realm. */
    private String metricLine(String prefix, String tag) {
        try {
            String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(realm.keycloak().server().managementUrl() + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            return metrics.lines().filter(l -> l.startsWith(prefix) && l.contains(tag)
                    && l.contains("realm=\"" + realm.name() + "\"")).findFirst().orElse("");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    @DisplayName("a sink that answered Retry-After: 3600 is tried once, not once per row, while a second sink gets every row; "
            + "retry-now ends the pause and delivers all, once each")
    void retryNowDrainsABacklog() throws Exception {
        putSinks(realm, "[" + sink("backlog", "/backlog", ", \"events\": [\"user.profile_updated\"]") + ", "
                + sink("beside", "/beside", ", \"events\": [\"user.profile_updated\"]") + "]").expect(200);
        Integer[] parked = new Integer[60];
        java.util.Arrays.fill(parked, 429);
        receiver.answer("/backlog", parked);
        receiver.retryAfter("/backlog", "3600");
        String yan = realm.createUser("yan", "Yan-Passw0rd!!");
        var user = realm.admin().users().get(yan);

        for (int i = 0; i < 45; i++) {
            var rep = user.toRepresentation();
            rep.setFirstName("Yan" + i);
            user.update(rep);
        }
        // Until every row has met the drainer and waits for the Retry-After (due in about an hour).
        JsonNode rows = Await.until(() -> OutboxProbe.outbox(realm, "backlog"),
                r -> r.size() == 45 && OutboxProbe.parkedFor(r, Duration.ofMinutes(30)), Duration.ofSeconds(20));
        List<WebhookReceiver.Request> beside = receiver.await("/beside", 45, Duration.ofSeconds(20));
        JsonNode parkedStatus = status("backlog");
        String gauge = Await.until(() -> metricLine("ciam_events_pending_rows{", "sink=\"backlog\""),
                line -> line.endsWith(" 45.0"), Duration.ofSeconds(10));
        assertThat(gauge).as("pending gauge").endsWith(" 45.0");
        assertThat(metricLine("ciam_events_oldest_pending_age_seconds{", "sink=\"backlog\"")).as("age gauge").isNotEmpty();
        int triedWhileParked = receiver.to("/backlog").size();
        receiver.clear("/backlog");
        String due = realm.adminRest().post(realm.adminUrl() + "/ciam-events/sinks/backlog/retry-now", "").expect(200).body();
        List<WebhookReceiver.Request> received = receiver.await("/backlog", triedWhileParked + 45, Duration.ofSeconds(20));

        assertThat(OutboxProbe.parkedFor(rows, Duration.ofMinutes(30))).as("all parked: %s", rows).isTrue();
        assertThat(parkedStatus.get("pending").asLong()).isEqualTo(45);
        assertThat(java.time.Instant.parse(parkedStatus.get("pausedUntil").asText())).as("the pause, in the sink's status")
                .isAfter(java.time.Instant.now().plus(Duration.ofMinutes(50)));
        assertThat(status("backlog").get("pausedUntil").isNull()).as("no pause after retry-now").isTrue();
        assertThat(triedWhileParked).as("the sink asked to be left alone for an hour after its first answer: its other "
                + "rows wait without a try (the pause is the sink's, not the row's)").isEqualTo(1);
        assertThat(beside).as("the other sink of the same events is not paused").hasSize(45);
        assertThat(rows.findValues("attempts").stream().mapToInt(JsonNode::asInt).sum()).as("attempts counted").isEqualTo(1);
        assertThat(JSON.readTree(due).get("due").asInt()).isEqualTo(45);
        List<String> delivered = received.subList(triedWhileParked, received.size()).stream()
                .map(r -> r.headers().get("webhook-id")).toList();
        assertThat(delivered).hasSize(45).doesNotHaveDuplicates();
        assertThat(Deliveries.awaitStatus(sinkStatus("backlog"), s -> s.get("pending").asLong() == 0, Duration.ofSeconds(10))
                .get("delivered").asLong()).isEqualTo(45);
    }

    @Test
    @DisplayName("a sink's pause (Retry-After) holds through a save that leaves the sink as it was, and ends when the sink "
            + "is changed, or removed and created again with the same id")
    void savingASinkEndsItsPause() throws Exception {
        String events = ", \"events\": [\"user.profile_updated\"]";
        String hush = sink("hush", "/hush", events);
        String moved = sink("hush", "/hush-moved", events);
        for (String path : List.of("/hush", "/hush-moved")) {
            receiver.answer(path, 429, 429, 429);
            receiver.retryAfter(path, "3600");
        }
        putSinks(realm, "[" + hush + "]").expect(200);
        var uma = realm.admin().users().get(realm.createUser("uma", "Uma-Passw0rd!!"));
        var vic = realm.admin().users().get(realm.createUser("vic", "Vic-Passw0rd!!"));
        java.util.function.Consumer<org.keycloak.admin.client.resource.UserResource> touch = user -> {
            var rep = user.toRepresentation();
            rep.setFirstName("N" + System.nanoTime());
            user.update(rep);
        };
        java.util.function.Predicate<JsonNode> paused = s -> !s.get("pausedUntil").isNull();

        touch.accept(uma);
        JsonNode first = Deliveries.awaitStatus(sinkStatus("hush"), paused, Duration.ofSeconds(20));
        putSinks(realm, "[" + hush + "]").expect(200);
        JsonNode savedAsItWas = status("hush");
        putSinks(realm, "[" + moved + "]").expect(200);
        JsonNode changed = status("hush");
        touch.accept(vic); // another person: uma's row, parked for the hour, does not hold this one back
        JsonNode movedPaused = Deliveries.awaitStatus(sinkStatus("hush"), paused, Duration.ofSeconds(20));
        putSinks(realm, "[]").expect(200);
        putSinks(realm, "[" + moved + "]").expect(200);
        JsonNode recreated = status("hush");

        assertThat(receiver.to("/hush")).as("one try, then the pause").hasSize(1);
        assertThat(first.get("pausedUntil").isNull()).isFalse();
        assertThat(savedAsItWas.get("pausedUntil").asText()).as("saved as it was: still paused")
                .isEqualTo(first.get("pausedUntil").asText());
        assertThat(changed.get("pausedUntil").isNull()).as("a new URL has asked for nothing yet").isTrue();
        assertThat(receiver.to("/hush-moved")).as("the new destination was tried at once, and paused it again").hasSize(1);
        assertThat(movedPaused.get("pausedUntil").isNull()).isFalse();
        assertThat(recreated.get("pausedUntil").isNull()).as("re-created with the same id: no inherited pause").isTrue();
        receiver.clear("/hush");
        receiver.clear("/hush-moved");
    }

    @Test
    @DisplayName("a sink's pause entry that cannot be read loses no event: the row is queued, nothing goes while the "
            + "entry stands (the drain cannot tell whether the sink asked for quiet), and the row goes once when it is gone")
    void unreadablePauseLosesNoEvent() throws Exception {
        putSinks(realm, "[" + sink("murky", "/murky", ", \"events\": [\"user.logged_in\"]") + "]").expect(200);
        realm.createUser("wes", "Wes-Passw0rd!!");
        int noted = OutboxProbe.pauseNote(realm, "murky", "not-a-time", 6);

        realm.newLogin().passwordLogin("wes", "Wes-Passw0rd!!");
        JsonNode queued = Await.until(() -> OutboxProbe.outbox(realm, "murky"), r -> r.size() == 1, Duration.ofSeconds(5));
        int whileUnreadable = Await.unchangedFor(() -> receiver.to("/murky").size(), Duration.ofSeconds(2),
                "requests to the sink while its pause entry cannot be read");
        List<WebhookReceiver.Request> sent = Deliveries.awaitExactlyAfterDrained(receiver, "/murky", 1,
                sinkStatus("murky"), Duration.ofSeconds(30));

        assertThat(noted).isEqualTo(204);
        assertThat(queued.get(0).get("type").asText()).isEqualTo("user.logged_in");
        assertThat(whileUnreadable).isZero();
        assertThat(JSON.readTree(sent.get(0).body()).get("type").asText()).isEqualTo("user.logged_in");
    }

    @Test
    @DisplayName("delivered rows past their retention are purged in bounded batches (10 per run here), oldest first, until none is left")
    void retentionPurgesInBatches() throws Exception {
        putSinks(realm, "[" + sink("retain", "/retain", ", \"events\": [\"user.profile_updated\"]") + "]").expect(200);
        String zack = realm.createUser("zack", "Zack-Passw0rd!");
        var user = realm.admin().users().get(zack);
        for (int i = 0; i < 25; i++) {
            var rep = user.toRepresentation();
            rep.setFirstName("Zack" + i);
            user.update(rep);
        }
        receiver.await("/retain", 25, Duration.ofSeconds(30));
        long before = Deliveries.awaitStatus(sinkStatus("retain"), s -> s.get("delivered").asLong() == 25,
                Duration.ofSeconds(10)).get("delivered").asLong();

        // Delivered rows are kept 24 h by default: make this sink's rows 25 h to 25 h 24 min old, one minute
        // apart, in the order they were written.
        JsonNode aged = OutboxProbe.age(realm, 25, "retain", 1);
        List<String> oldestFirst = new java.util.ArrayList<>();
        aged.get("ids").forEach(id -> oldestFirst.add(id.asText()));
        // The count before aging starts the series: a purge run may come between the aging and the first poll.
        List<Long> seen = new java.util.ArrayList<>(List.of(before));
        List<String> notOldestFirst = new java.util.ArrayList<>();
        java.util.Set<Integer> listedSizes = new java.util.TreeSet<>();
        Await.until(() -> {
            long delivered = status("retain").get("delivered").asLong();
            if (seen.isEmpty() || seen.get(seen.size() - 1) != delivered) {
                seen.add(delivered);
            }
            // What is left must always be the youngest rows.
            List<String> left = new java.util.ArrayList<>();
            OutboxProbe.outbox(realm, "retain").forEach(row -> left.add(row.get("id").asText()));
            listedSizes.add(left.size());
            if (!new java.util.HashSet<>(left).equals(new java.util.HashSet<>(
                    oldestFirst.subList(oldestFirst.size() - left.size(), oldestFirst.size())))) {
                notOldestFirst.add(left.toString());
            }
            return delivered;
        }, delivered -> delivered == 0, Duration.ofSeconds(20));

        assertThat(aged.get("aged").asInt()).isEqualTo(25);
        assertThat(notOldestFirst).as("rows left that are not the youngest").isEmpty();
        assertThat(listedSizes).as("rows left, as listed between purge runs").anyMatch(n -> n > 0 && n < 25);
        assertThat(seen.get(0)).isEqualTo(25);
        assertThat(seen.get(seen.size() - 1)).as("all purged: %s", seen).isZero();
        assertThat(seen).as("went down in steps: %s", seen).anyMatch(n -> n > 0 && n < 25);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i - 1) - seen.get(i)).as("at most one batch of 10 per run: %s", seen).isBetween(1L, 10L);
        }
    }

    @Test
    @DisplayName("a queued row whose sink now requires a purpose the person has not granted is deleted before sending, not dead-lettered")
    void sendTimeConsentCheckDrops() throws Exception {
        definePurpose();
        putSinks(realm, "[" + sink("tightened", "/tightened", ", \"events\": [\"user.logged_in\"]") + "]").expect(200);
        receiver.answer("/tightened", 429);
        receiver.retryAfter("/tightened", "60");
        realm.createUser("abel", "Abel-Passw0rd!");
        realm.newLogin().passwordLogin("abel", "Abel-Passw0rd!");
        receiver.await("/tightened", 1, Duration.ofSeconds(20));
        JsonNode parked = status("tightened");

        // The sink now serves a purpose Abel never granted; the parked row is made due.
        putSinks(realm, "[" + sink("tightened", "/tightened", ", \"events\": [\"user.logged_in\"], "
                + "\"purposes\": [\"analytics\"]") + "]").expect(200);
        realm.adminRest().post(realm.adminUrl() + "/ciam-events/sinks/tightened/retry-now", "").expect(200);
        Deliveries.awaitSettledAfterDrained(receiver, "/tightened", sinkStatus("tightened"), Duration.ofSeconds(15));
        JsonNode after = status("tightened");

        assertThat(parked.get("pending").asLong()).isEqualTo(1);
        assertThat(after.get("pending").asLong()).isZero();
        assertThat(after.get("deadLetter").asLong()).as("deleted, not kept for replay").isZero();
        assertThat(after.get("delivered").asLong()).isZero();
        assertThat(receiver.to("/tightened")).as("only the first, parked attempt").hasSize(1);
    }
}
