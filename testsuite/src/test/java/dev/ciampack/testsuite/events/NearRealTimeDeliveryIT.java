package dev.ciampack.testsuite.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import dev.ciampack.events.webhook.StandardWebhooks;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.junit.Users;
import dev.ciampack.testsuite.server.KeycloakServer;
import dev.ciampack.testsuite.server.TestServers;

/**
 * Delivery right after commit, on a server whose periodic drain is 5 minutes away
 * ({@code drain-interval-seconds=300}): anything that arrives within the test was sent because the
 * transaction that wrote it committed, or because a retry fell due, never by the periodic drain.
 */
class NearRealTimeDeliveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REALM = "live";
    private static final String SECRET = StandardWebhooks.newSecret();
    private static KeycloakServer server;
    private static Keycloak admin;
    private static Rest rest;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() {
        receiver = new WebhookReceiver(16);
        server = TestServers.startSingle("events-live", null, List.of(
                "--spi-events-listener--ciam-events--allow-private-sinks=true",
                "--spi-events-listener--ciam-events--drain-interval-seconds=300"));
        admin = server.newAdminClient();
        DedicatedRealm.create(admin, REALM, "lea", "Lea-Passw0rd!!");
        RealmRepresentation rep = admin.realm(REALM).toRepresentation();
        rep.setAdminEventsEnabled(true);
        admin.realm(REALM).update(rep);
        rest = new Rest(() -> admin.tokenManager().getAccessTokenString());
    }

    /** The realm's only sink (each test its own). */
    private static void onlySink(String id, String events) {
        rest.put(server.baseUrl() + "/admin/realms/" + REALM + "/ciam-events/sinks", "[" + sink(id, "/" + id, events)
                + "]").expect(200);
    }

    private static String create(String username, String firstName) {
        try (jakarta.ws.rs.core.Response created = admin.realm(REALM).users().create(Users.withPassword(username,
                username + "@ciam.test", firstName, "User", "Passw0rd!" + username))) {
            assertThat(created.getStatus()).isEqualTo(201);
            return org.keycloak.admin.client.CreatedResponseUtil.getCreatedId(created);
        }
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (server != null) {
            server.stop();
        }
        receiver.close();
    }

    private static String sink(String id, String path, String events) {
        return "{\"id\": \"" + id + "\", \"url\": \"" + receiver.url(path) + "\", \"secrets\": [\"" + SECRET
                + "\"], \"events\": " + events + ", \"attributes\": [\"firstName\"]" + Deliveries.NOT_CONSENT + "}";
    }

    @Test
    @DisplayName("each of 20 sign-ins reaches the sink within a second of its event, with the periodic drain 5 minutes away")
    void signInsArriveWithinASecond() throws Exception {
        onlySink("logins", "[\"user.logged_in\"]");
        List<Long> latencies = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            assertThat(DedicatedRealm.signIn(server, REALM, "lea", "Lea-Passw0rd!!")).isEqualTo(200);
            List<WebhookReceiver.Request> received = receiver.await("/logins", i, Duration.ofSeconds(5));
            assertThat(received).as("sign-in %d delivered", i).hasSize(i);
            WebhookReceiver.Request last = received.get(i - 1);
            Instant eventTime = Instant.parse(JSON.readTree(last.body()).get("time").asText());
            latencies.add(last.receivedAtMillis() - eventTime.toEpochMilli());
        }

        assertThat(latencies).as("event to receipt, ms").allSatisfy(ms -> assertThat(ms).isLessThan(1000));
        assertThat(receiver.to("/logins").stream().map(r -> r.headers().get("webhook-id")).distinct()).hasSize(20);
    }

    @Test
    @DisplayName("8 people updated 12 times each at once: rows go out concurrently, yet each person's arrive in commit order")
    void eachPersonsRowsInCommitOrder() throws Exception {
        onlySink("ordered", "[\"user.profile_updated\"]");
        receiver.delay(Duration.ofMillis(25));
        RealmResource realm = admin.realm(REALM);
        List<String> ids = new ArrayList<>();
        for (int p = 0; p < 8; p++) {
            ids.add(create("order" + p, "P" + p));
        }
        ExecutorService people = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < 8; p++) {
                UserResource user = realm.users().get(ids.get(p));
                int person = p;
                done.add(people.submit(() -> {
                    for (int i = 0; i < 12; i++) {
                        UserRepresentation rep = user.toRepresentation();
                        rep.setFirstName("P" + person + "-" + i);
                        user.update(rep);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            people.shutdownNow();
        }
        List<WebhookReceiver.Request> received = receiver.await("/ordered", 96, Duration.ofSeconds(30));
        receiver.delay(Duration.ZERO);

        assertThat(received).hasSize(96);
        for (int p = 0; p < 8; p++) {
            String subject = ids.get(p);
            List<String> names = new ArrayList<>();
            for (WebhookReceiver.Request r : received) {
                JsonNode body = JSON.readTree(r.body());
                if (subject.equals(body.get("subject").asText())) {
                    names.add(body.at("/data/traits/firstName").asText());
                }
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                expected.add("P" + p + "-" + i);
            }
            assertThat(names).as("person %d, in arrival order", p).isEqualTo(expected);
        }
        assertThat(receiver.maxInFlight()).as("requests the receiver answered at the same time").isGreaterThan(1);
    }

    @Test
    @DisplayName("a person's row parked for a retry holds back their later rows, not other people's; the retry comes on time")
    void parkedRowHoldsBackOnlyItsPerson() throws Exception {
        onlySink("parked", "[\"user.profile_updated\"]");
        RealmResource realm = admin.realm(REALM);
        UserResource ana = realm.users().get(create("ana", "Ana"));
        UserResource ben = realm.users().get(create("ben", "Ben"));
        receiver.answer("/parked", 503);

        rename(ana, "Ana-1");
        List<WebhookReceiver.Request> first = receiver.await("/parked", 1, Duration.ofSeconds(5));
        long failedAt = first.get(0).receivedAtMillis();
        rename(ana, "Ana-2");
        rename(ana, "Ana-3");
        rename(ben, "Ben-1");
        List<WebhookReceiver.Request> all = receiver.await("/parked", 5, Duration.ofSeconds(20));

        assertThat(all.get(0).answered()).isEqualTo(503);
        List<String> delivered = all.stream().filter(r -> r.answered() == 204)
                .map(r -> body(r).at("/data/traits/firstName").asText()).toList();
        assertThat(delivered).as("in arrival order").containsExactly("Ben-1", "Ana-1", "Ana-2", "Ana-3");
        long retriedAt = all.stream().filter(r -> body(r).at("/data/traits/firstName").asText().equals("Ana-1")
                && r.answered() == 204).findFirst().orElseThrow().receivedAtMillis();
        // Standard Webhooks' first retry: 5 s, jitter ±25 %; the periodic drain would be minutes away.
        assertThat(retriedAt - failedAt).as("retry delay, ms").isBetween(3_000L, 9_000L);
    }

    private static void rename(UserResource user, String firstName) {
        UserRepresentation rep = user.toRepresentation();
        rep.setFirstName(firstName);
        user.update(rep);
    }

    private static JsonNode body(WebhookReceiver.Request request) {
        try {
            return JSON.readTree(request.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
