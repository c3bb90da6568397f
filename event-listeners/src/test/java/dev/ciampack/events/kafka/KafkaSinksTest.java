package dev.ciampack.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.ciampack.events.net.Destinations;
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

    @Test
    @DisplayName("a cluster that advertises a private broker for the topic gets no record; a public one does (control)")
    void advertisedBrokersAreChecked() {
        Sink.KafkaTarget target = new Sink.KafkaTarget(List.of("8.8.4.4:9093"), "events", "SSL", null, null);
        for (String broker : List.of("10.0.0.5", "8.8.4.4")) {
            Node node = new Node(1, broker, 9093);
            Cluster cluster = new Cluster("c", List.of(node), List.of(new PartitionInfo("events", 0, node,
                    new Node[] {node}, new Node[] {node})), Set.of(), Set.of());
            MockProducer<String, String> producer = new MockProducer<>(cluster, true, null, new StringSerializer(),
                    new StringSerializer());
            KafkaSinks sinks = new KafkaSinks(settings -> producer);

            KafkaSinks.Result result = sinks.sendAll("r:cdp", target, null, List.of(new KafkaSinks.Record("user-1", "{}")),
                    host -> Destinations.refused(host, false)).get(0);

            if (broker.startsWith("10.")) {
                assertThat(result.outcome()).isEqualTo(KafkaSinks.Outcome.REJECTED);
                assertThat(result.error()).isEqualTo("refused: private address (a broker the cluster advertises)");
                assertThat(producer.history()).isEmpty();
            } else {
                assertThat(result.outcome()).isEqualTo(KafkaSinks.Outcome.DELIVERED);
                assertThat(producer.history()).hasSize(1);
            }
            sinks.close();
        }
    }

    @Test
    @DisplayName("records of a lane are all sent before any acknowledgement is awaited; one result per record, in order")
    void pipelined() throws Exception {
        Sink.KafkaTarget target = new Sink.KafkaTarget(List.of("8.8.4.4:9093"), "events", "SSL", null, null, "lz4");
        Node node = new Node(1, "8.8.4.4", 9093);
        Cluster cluster = new Cluster("c", List.of(node), List.of(new PartitionInfo("events", 0, node,
                new Node[] {node}, new Node[] {node})), Set.of(), Set.of());
        MockProducer<String, String> producer = new MockProducer<>(cluster, false, null, new StringSerializer(),
                new StringSerializer());
        KafkaSinks sinks = new KafkaSinks(settings -> producer);
        java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var results = thread.submit(() -> sinks.sendAll("r:cdp", target, null, List.of(
                    new KafkaSinks.Record("u1", "{\"n\":1}", Map.of("webhook-id", "evt-1")),
                    new KafkaSinks.Record("u1", "{\"n\":2}"),
                    new KafkaSinks.Record("u2", "{\"n\":3}")), host -> false));
            long until = System.nanoTime() + 5_000_000_000L;
            while (producer.history().size() < 3 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertThat(producer.history()).as("sent, none acknowledged yet").hasSize(3);
            assertThat(results.isDone()).isFalse();
            producer.completeNext();
            producer.completeNext();
            producer.errorNext(new org.apache.kafka.common.errors.NotEnoughReplicasException("isr"));

            assertThat(results.get(5, java.util.concurrent.TimeUnit.SECONDS)).extracting(KafkaSinks.Result::outcome)
                    .containsExactly(KafkaSinks.Outcome.DELIVERED, KafkaSinks.Outcome.DELIVERED, KafkaSinks.Outcome.RETRY);
            assertThat(producer.history()).extracting(r -> r.value()).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
            assertThat(KafkaSinks.settings("r:cdp", target, null)).containsEntry("compression.type", "lz4");
            assertThat(new String(producer.history().get(0).headers().lastHeader("webhook-id").value()))
                    .as("a record's own headers travel").isEqualTo("evt-1");
            assertThat(producer.history().get(1).headers().lastHeader("webhook-id")).isNull();
            assertThat(producer.history()).allSatisfy(r -> assertThat(r.headers().lastHeader("content-type")).isNotNull());
        } finally {
            thread.shutdownNow();
            sinks.close();
        }
    }
}
