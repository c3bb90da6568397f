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
    @DisplayName("every special-purpose address (loopback, private, CGNAT, benchmarking, unique-local, mapped, NAT64, 6to4, "
            + "link-local) is refused with no more said than 'refused: private address', and never contacted; a public one is tried")
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
                    "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/internal",
                    "http://[fd00:ec2::254]/latest/meta-data/", "http://100.100.100.200/latest/meta-data/",
                    "http://198.18.0.1/bench", "http://[::ffff:127.0.0.1]:" + port + "/mapped",
                    "http://[64:ff9b::a00:1]/nat64", "http://[2002:a00:1::1]/6to4");
            StringBuilder sinks = new StringBuilder("[");
            for (int i = 0; i < urls.size(); i++) {
                sinks.append(i == 0 ? "" : ", ").append("{\"id\": \"s").append(i).append("\", \"url\": \"").append(urls.get(i))
                        .append("\", \"secrets\": [\"").append(secret).append("\"]").append(Deliveries.NOT_CONSENT).append("}");
            }
            sinks.append(", {\"id\": \"k\", \"type\": \"kafka\", \"bootstrapServers\": [\"192.168.1.10:9092\"], "
                    + "\"topic\": \"t\", \"securityProtocol\": \"PLAINTEXT\"" + Deliveries.NOT_CONSENT + "}");
            // Control: a public address is not refused by the rule (here it cannot be reached, so it is retried).
            sinks.append(", {\"id\": \"pub\", \"url\": \"http://192.88.98.1:9/public\", \"secrets\": [\"").append(secret)
                    .append("\"]").append(Deliveries.NOT_CONSENT).append("}]");
            rest.put(server.baseUrl() + "/admin/realms/ssrf/ciam-events/sinks", sinks.toString()).expect(200);

            assertThat(DedicatedRealm.signIn(server, "ssrf", "mia", "Mia-Passw0rd!!")).isEqualTo(200);

            List<String> ids = new java.util.ArrayList<>(java.util.stream.IntStream.range(0, urls.size())
                    .mapToObj(i -> "s" + i).toList());
            ids.add("k");
            for (String id : ids) {
                JsonNode status = awaitDeadLetter(rest, server, id);
                assertThat(status.get("deadLetter").asLong()).as(id).isEqualTo(1);
                assertThat(status.get("delivered").asLong()).as(id).isZero();
                assertThat(status.get("lastError").asText()).as(id).isEqualTo("refused: private address");
            }
            JsonNode pub = Deliveries.awaitStatus(Deliveries.status(rest, server.baseUrl() + "/admin/realms/ssrf", "pub"),
                    status -> !status.get("lastError").isNull(), Duration.ofSeconds(30));
            assertThat(pub.get("lastError").asText()).as("tried, not refused").isNotEqualTo("refused: private address");
            assertThat(pub.get("deadLetter").asLong()).isZero();
            assertThat(receiver.to("/loopback")).isEmpty();
            assertThat(receiver.to("/localhost")).isEmpty();
            assertThat(receiver.to("/v6")).isEmpty();
            assertThat(receiver.to("/any")).isEmpty();
            assertThat(receiver.to("/mapped")).isEmpty();
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
