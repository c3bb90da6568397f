package dev.ciampack.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import dev.ciampack.events.sinks.Sink;

class KafkaSinksTest {

    @Test
    void idempotentAllAcksShortTimeouts() {
        Properties props = KafkaSinks.settings("realm-1:cdp", new Sink.KafkaTarget(List.of("k1:9092", "k2:9092"),
                "events", "SSL", null, null), null);

        assertThat(props).containsEntry("bootstrap.servers", "k1:9092,k2:9092").containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true").containsEntry("compression.type", "none")
                .containsEntry("security.protocol", "SSL").containsEntry("delivery.timeout.ms", "15000")
                .containsEntry("client.id", "ciam-events-realm-1-cdp").doesNotContainKey("sasl.jaas.config");
    }

    @Test
    void saslCredentialsAreQuotedSoTheyCannotAddOptions() {
        Properties props = KafkaSinks.settings("r:s", new Sink.KafkaTarget(List.of("k:9093"), "t", "SASL_SSL",
                "SCRAM-SHA-512", "svc\" debug=\"true"), "p\\w\"d;");

        assertThat(props.getProperty("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
        assertThat(props.getProperty("sasl.jaas.config")).endsWith("ScramLoginModule required "
                + "username=\"svc\\\" debug=\\\"true\" password=\"p\\\\w\\\"d;\";");
        assertThat(KafkaSinks.settings("r:s", new Sink.KafkaTarget(List.of("k:9093"), "t", "SASL_PLAINTEXT", "PLAIN",
                "u"), "p").getProperty("sasl.jaas.config")).contains("PlainLoginModule required");
    }
}
