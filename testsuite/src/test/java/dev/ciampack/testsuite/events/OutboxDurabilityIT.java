package dev.ciampack.testsuite.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import dev.ciampack.events.webhook.StandardWebhooks;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.server.KeycloakServer;
import dev.ciampack.testsuite.server.TestServers;

/** Rows written with the login survive a SIGKILL of Keycloak and are delivered after the restart. */
class OutboxDurabilityIT {

    @Test
    @DisplayName("Keycloak killed with SIGKILL while rows are pending, restarted: every event is delivered")
    void survivesKill() throws Exception {
        String secret = StandardWebhooks.newSecret();
        // The receiver is down until after the restart: deliveries fail, so rows stay pending (retrying
        // along the backoff curve) when the server is killed.
        int port = dev.ciampack.testsuite.server.Ports.free();
        String sinkUrl = "http://127.0.0.1:" + port + "/crm";
        {
            KeycloakServer server = TestServers.startSingle("events-durable", null,
                    List.of("--spi-events-listener--ciam-events--allow-private-sinks=true",
                            "--spi-events-listener--ciam-events--drain-interval-seconds=1",
                            "--spi-events-listener--ciam-events--retry-schedule="
                                    + dev.ciampack.testsuite.junit.SharedKeycloak.TEST_RETRY_SCHEDULE));
            KeycloakServer restarted = null;
            WebhookReceiver receiver = null;
            try {
                try (Keycloak admin = server.newAdminClient()) {
                    DedicatedRealm.create(admin, "durable", "kim", "Kim-Passw0rd!");
                    new Rest(() -> admin.tokenManager().getAccessTokenString())
                            .put(server.baseUrl() + "/admin/realms/durable/ciam-events/sinks", "[{\"id\": \"crm\", \"url\": \""
                                    + sinkUrl + "\", \"secrets\": [\"" + secret + "\"]}]").expect(200);
                }
                for (int i = 0; i < 3; i++) {
                    assertThat(DedicatedRealm.signIn(server, "durable", "kim", "Kim-Passw0rd!")).isEqualTo(200);
                }
                Thread.sleep(2_500);
                server.kill();
                server.serverJvm().ifPresent(jvm -> assertThat(jvm.isAlive()).isFalse());
                restarted = KeycloakServer.start(server.distribution(), server.config());
                receiver = new WebhookReceiver(port);

                List<WebhookReceiver.Request> delivered = receiver.await("/crm", 3, Duration.ofSeconds(60));
                assertThat(delivered).hasSize(3);
                assertThat(delivered).extracting(r -> new ObjectMapper().readTree(r.body()).get("type").asText())
                        .containsOnly("user.logged_in");
                assertThat(delivered).extracting(r -> r.headers().get("webhook-id")).doesNotHaveDuplicates();
            } finally {
                if (receiver != null) {
                    receiver.close();
                }
                if (restarted != null) {
                    restarted.stop();
                }
                server.stop();
            }
        }
    }
}
