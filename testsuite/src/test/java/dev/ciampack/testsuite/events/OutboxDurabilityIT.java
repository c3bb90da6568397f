package dev.ciampack.testsuite.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import dev.ciampack.events.webhook.StandardWebhooks;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.junit.SharedKeycloak;
import dev.ciampack.testsuite.server.KeycloakServer;
import dev.ciampack.testsuite.server.Postgres;
import dev.ciampack.testsuite.server.TestServers;

/**
 * Rows written with the login survive a SIGKILL of Keycloak and are delivered after the restart. The
 * database is an embedded PostgreSQL, which outlives the killed Keycloak as a real one would: H2 runs inside
 * the killed JVM and writes its log in the background, so there a kill also loses the commits of its last
 * second (seen here as a failed attempt that was never recorded), which says nothing about the pack.
 */
class OutboxDurabilityIT {

    @Test
    @DisplayName("Keycloak killed with SIGKILL while rows are pending, restarted: every event is delivered")
    void survivesKill() throws Exception {
        String secret = StandardWebhooks.newSecret();
        // The receiver listens from the start and fails every delivery until after the restart, so rows stay
        // pending (retrying along the backoff curve) when the server is killed.
        WebhookReceiver receiver = new WebhookReceiver();
        Integer[] failing = new Integer[100];
        java.util.Arrays.fill(failing, 503);
        receiver.answer("/crm", failing);
        try (Postgres postgres = Postgres.start()) {
            killWhilePendingThenRestart(postgres, secret, receiver);
        } finally {
            receiver.close();
        }
    }

    private static void killWhilePendingThenRestart(Postgres postgres, String secret, WebhookReceiver receiver)
            throws Exception {
        KeycloakServer server = TestServers.startSingle("events-durable", postgres,
                List.of("--spi-events-listener--ciam-events--allow-private-sinks=true",
                        "--spi-events-listener--ciam-events--drain-interval-seconds=1",
                        "--spi-events-listener--ciam-events--retry-schedule=" + SharedKeycloak.TEST_RETRY_SCHEDULE));
        KeycloakServer restarted = null;
        try {
            JsonNode beforeKill;
            try (Keycloak admin = server.newAdminClient()) {
                DedicatedRealm.create(admin, "durable", "kim", "Kim-Passw0rd!");
                Rest rest = new Rest(() -> admin.tokenManager().getAccessTokenString());
                rest.put(server.baseUrl() + "/admin/realms/durable/ciam-events/sinks", "[{\"id\": \"crm\", \"url\": \""
                        + receiver.url("/crm") + "\", \"secrets\": [\"" + secret + "\"]" + Deliveries.NOT_CONSENT + "}]").expect(200);
                for (int i = 0; i < 3; i++) {
                    assertThat(DedicatedRealm.signIn(server, "durable", "kim", "Kim-Passw0rd!")).isEqualTo(200);
                }
                // The drainer has tried (and failed) while all three rows are still pending.
                receiver.await("/crm", 1, Duration.ofSeconds(20));
                beforeKill = Deliveries.status(rest, server.baseUrl() + "/admin/realms/durable", "crm").read();
            }
            ProcessHandle jvm = server.serverJvm().orElseThrow();

            server.kill();

            assertThat(jvm.isAlive()).as("server JVM gone after SIGKILL").isFalse();
            assertThat(beforeKill.get("pending").asLong()).as("pending before the kill: %s", beforeKill).isEqualTo(3);
            assertThat(beforeKill.get("delivered").asLong()).isZero();
            assertThat(receiver.to("/crm")).as("only failed attempts before the kill").allSatisfy(r ->
                    assertThat(r.answered()).isEqualTo(503)).isNotEmpty();

            receiver.clear("/crm");
            restarted = KeycloakServer.start(server.distribution(), server.config());
            try (Keycloak admin = restarted.newAdminClient()) {
                Rest rest = new Rest(() -> admin.tokenManager().getAccessTokenString());
                List<WebhookReceiver.Request> delivered = Deliveries.awaitExactlyAfterDrained(
                        () -> receiver.to("/crm").stream().filter(r -> r.answered() == 204).toList(), 3,
                        Deliveries.status(rest, restarted.baseUrl() + "/admin/realms/durable", "crm"),
                        Duration.ofSeconds(60), "deliveries accepted after the restart");

                assertThat(delivered).hasSize(3);
                assertThat(delivered).extracting(r -> new ObjectMapper().readTree(r.body()).get("type").asText())
                        .containsOnly("user.logged_in");
                assertThat(delivered).extracting(r -> r.headers().get("webhook-id")).doesNotHaveDuplicates();
                assertThat(Deliveries.status(rest, restarted.baseUrl() + "/admin/realms/durable", "crm").read()
                        .get("delivered").asLong()).isEqualTo(3);
            }
        } finally {
            if (restarted != null) {
                restarted.stop();
            }
            server.stop();
        }
    }
}
