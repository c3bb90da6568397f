package dev.ciampack.testsuite.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import dev.ciampack.events.webhook.StandardWebhooks;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.server.KeycloakServer;
import dev.ciampack.testsuite.server.TestServers;

/**
 * With the default {@code allow-private-sinks=false}, sinks whose address resolves to loopback,
 * link-local (cloud metadata), private or wildcard addresses receive nothing: an administrator
 * cannot turn Keycloak into a request forwarder into its own network.
 */
class PrivateSinkRefusedIT {

    @Test
    @DisplayName("loopback, localhost, IPv6 loopback, wildcard, link-local and private sinks are refused and never contacted")
    void privateAddressesRefused() throws Exception {
        WebhookReceiver receiver = new WebhookReceiver();
        KeycloakServer server = TestServers.startSingle("events-private", null,
                List.of("--spi-events-listener--ciam-events--drain-interval-seconds=1"));
        try (Keycloak admin = server.newAdminClient()) {
            DedicatedRealm.create(admin, "ssrf", "mia", "Mia-Passw0rd!!");
            Rest rest = new Rest(() -> admin.tokenManager().getAccessTokenString());
            int port = URI.create(receiver.url("/")).getPort();
            String secret = StandardWebhooks.newSecret();
            List<String> urls = List.of("http://127.0.0.1:" + port + "/loopback", "http://localhost:" + port + "/localhost",
                    "http://[::1]:" + port + "/v6", "http://0.0.0.0:" + port + "/any",
                    "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/internal");
            StringBuilder sinks = new StringBuilder("[");
            for (int i = 0; i < urls.size(); i++) {
                sinks.append(i == 0 ? "" : ", ").append("{\"id\": \"s").append(i).append("\", \"url\": \"").append(urls.get(i))
                        .append("\", \"secrets\": [\"").append(secret).append("\"]}");
            }
            sinks.append(", {\"id\": \"k\", \"type\": \"kafka\", \"bootstrapServers\": [\"192.168.1.10:9092\"], "
                    + "\"topic\": \"t\", \"securityProtocol\": \"PLAINTEXT\"}]");
            rest.put(server.baseUrl() + "/admin/realms/ssrf/ciam-events/sinks", sinks.toString()).expect(200);

            assertThat(DedicatedRealm.signIn(server, "ssrf", "mia", "Mia-Passw0rd!!")).isEqualTo(200);

            for (String id : List.of("s0", "s1", "s2", "s3", "s4", "s5", "k")) {
                JsonNode status = awaitDeadLetter(rest, server, id);
                assertThat(status.get("deadLetter").asLong()).as(id).isEqualTo(1);
                assertThat(status.get("delivered").asLong()).as(id).isZero();
                assertThat(status.get("lastError").asText()).as(id).contains("private address");
            }
            assertThat(receiver.to("/loopback")).isEmpty();
            assertThat(receiver.to("/localhost")).isEmpty();
            assertThat(receiver.to("/v6")).isEmpty();
            assertThat(receiver.to("/any")).isEmpty();
        } finally {
            server.stop();
            receiver.close();
        }
    }

    private static JsonNode awaitDeadLetter(Rest rest, KeycloakServer server, String sink) {
        return Deliveries.awaitStatus(Deliveries.status(rest, server.baseUrl() + "/admin/realms/ssrf", sink),
                status -> status.get("deadLetter").asLong() > 0, Duration.ofSeconds(20));
    }
}
