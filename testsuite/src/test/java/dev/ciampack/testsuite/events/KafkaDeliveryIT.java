package dev.ciampack.testsuite.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ciampack.testsuite.junit.Await;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.server.Ports;

/** Events to a Kafka topic through the outbox: an in-JVM KRaft broker, consumed back by the test. */
class KafkaDeliveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = 3;
    private static KafkaClusterTestKit kafka;

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> r.setEventsListeners(List.of("jboss-logging", "ciam-events")));

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                .setNumBrokerNodes(1).setNumControllerNodes(1).build()).build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic("ciam.logins", PARTITIONS, (short) 1),
                    new NewTopic("ciam.later", PARTITIONS, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static String sink(String id, String bootstrap, String topic, String extra) {
        List<String> servers = List.of(bootstrap.split(","));
        return "{\"id\": \"" + id + "\", \"type\": \"kafka\", \"securityProtocol\": \"PLAINTEXT\", \"bootstrapServers\": "
                + servers.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", ", "[", "]"))
                + ", \"topic\": \"" + topic + "\"" + Deliveries.basisUnlessStated(extra) + "}";
    }

    @Test
    @DisplayName("logins arrive once each, keyed by user id (one partition per user), schema-valid, allow-listed traits only")
    void loginsKeyedByUser() throws Exception {
        WebhookDeliveryIT.putSinks(realm, "[" + sink("cdp", kafka.bootstrapServers(), "ciam.logins",
                ", \"events\": [\"user.logged_in\"], \"attributes\": [\"firstName\"]") + "]").expect(200);
        String ana = realm.createUser("ana", "Ana-Passw0rd!");
        String bob = realm.createUser("bob", "Bob-Passw0rd!");

        realm.newLogin().passwordLogin("ana", "Ana-Passw0rd!");
        realm.newLogin().passwordLogin("bob", "Bob-Passw0rd!");
        realm.newLogin().passwordLogin("ana", "Ana-Passw0rd!");
        realm.newLogin().passwordLogin("bob", "Bob-Passw0rd!");
        List<ConsumerRecord<String, String>> records = consume("ciam.logins", 4, Duration.ofSeconds(30));
        List<ConsumerRecord<String, String>> again = Deliveries.awaitExactlyAfterDrained(
                () -> consume("ciam.logins", 5, Duration.ofMillis(500)), 4, sinkStatus("cdp"), Duration.ofSeconds(30),
                "records on ciam.logins");

        assertThat(records).hasSize(4);
        // No delivery was retried here, so this shows each event sent once, not the producer's idempotence.
        assertThat(again).as("each event once").hasSize(4);
        assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(ana, ana, bob, bob);
        Map<String, Set<Integer>> partitions = records.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                Collectors.mapping(ConsumerRecord::partition, Collectors.toSet())));
        assertThat(partitions.get(ana)).hasSize(1);
        assertThat(partitions.get(bob)).hasSize(1);
        // The type's own schema (it includes the envelope's rules), ids mapped to the module's files.
        var schema = com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012,
                b -> b.schemaMappers(m -> m.mapPrefix("https://ciampack.dev/schema/", "classpath:schema/")))
                .getSchema(com.networknt.schema.SchemaLocation.of(
                        "https://ciampack.dev/schema/events/user.logged_in.schema.json"));
        for (ConsumerRecord<String, String> record : records) {
            JsonNode body = JSON.readTree(record.value());
            assertThat(schema.validate(body)).as("user.logged_in schema").isEmpty();
            assertThat(body.get("type").asText()).isEqualTo("user.logged_in");
            assertThat(body.get("subject").asText()).isEqualTo(record.key());
            assertThat(body.at("/data/traits").toString()).isIn("{\"firstName\":\"Ana\"}", "{\"firstName\":\"Bob\"}");
            assertThat(new String(record.headers().lastHeader("content-type").value()))
                    .startsWith("application/cloudevents+json");
        }
        assertThat(records).extracting(r -> JSON.readTree(r.value()).get("id").asText()).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("signed records: the Standard Webhooks reference library verifies each with either secret, a changed byte "
            + "fails; key ids name the secrets; an unresolvable signing secret sends nothing; GET hides the secrets")
    void signedRecords() throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic("ciam.signed", PARTITIONS, (short) 1),
                    new NewTopic("ciam.unsigned", PARTITIONS, (short) 1))).all().get();
        }
        String current = dev.ciampack.events.webhook.StandardWebhooks.newSecret();
        String next = dev.ciampack.events.webhook.StandardWebhooks.newSecret();
        java.nio.file.Files.writeString(dev.ciampack.testsuite.server.HarnessSettings.vaultDir()
                .resolve(realm.name() + "_kafka__signing__next"), next);
        WebhookDeliveryIT.putSinks(realm, "[" + sink("signed", kafka.bootstrapServers(), "ciam.signed",
                ", \"events\": [\"user.logged_in\"], \"signingSecrets\": [\"" + current
                        + "\", \"${vault.kafka_signing_next}\"]")
                + ", " + sink("unsigned", kafka.bootstrapServers(), "ciam.unsigned", ", \"events\": [\"user.logged_in\"]")
                + ", " + sink("nokey", kafka.bootstrapServers(), "ciam.unsigned",
                ", \"events\": [\"user.logged_in\"], \"signingSecrets\": [\"${vault.kafka_signing_missing}\"]") + "]")
                .expect(200);
        String gil = realm.createUser("gil", "Gil-Passw0rd!!");

        realm.newLogin().passwordLogin("gil", "Gil-Passw0rd!!");
        realm.newLogin().passwordLogin("gil", "Gil-Passw0rd!!");
        List<ConsumerRecord<String, String>> signed = consume("ciam.signed", 2, Duration.ofSeconds(30));
        List<ConsumerRecord<String, String>> unsigned = consume("ciam.unsigned", 2, Duration.ofSeconds(30));
        JsonNode missing = awaitStatus("nokey", s -> s.get("lastError").asText("").contains("not found"),
                Duration.ofSeconds(30));
        unsigned = consume("ciam.unsigned", 3, Duration.ofMillis(1500));

        assertThat(signed).hasSize(2).extracting(ConsumerRecord::key).containsOnly(gil);
        for (ConsumerRecord<String, String> record : signed) {
            Map<String, List<String>> headers = new java.util.HashMap<>();
            record.headers().forEach(h -> headers.computeIfAbsent(h.key(), k -> new ArrayList<>())
                    .add(new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)));
            // A consumer's check: the reference library, once with each secret (a rotation's old and new).
            new com.standardwebhooks.Webhook(current).verify(record.value(), headers);
            new com.standardwebhooks.Webhook(next).verify(record.value(), headers);
            assertThat(headers.get("webhook-id")).containsExactly(JSON.readTree(record.value()).get("id").asText());
            assertThat(headers.get("webhook-signature").get(0).split(" ")).hasSize(2).allMatch(v -> v.startsWith("v1,"));
            assertThat(headers.get("ciam-key-id")).containsExactly(keyId(current) + " " + keyId(next));
            String tampered = record.value().replace("\"user.logged_in\"", "\"user.logged_on\"");
            assertThat(tampered).isNotEqualTo(record.value()).hasSameSizeAs(record.value());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new com.standardwebhooks.Webhook(current)
                    .verify(tampered, headers)).isInstanceOf(com.standardwebhooks.exceptions.WebhookVerificationException.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new com.standardwebhooks.Webhook(
                    dev.ciampack.events.webhook.StandardWebhooks.newSecret()).verify(record.value(), headers))
                    .as("another secret").isInstanceOf(com.standardwebhooks.exceptions.WebhookVerificationException.class);
        }
        assertThat(unsigned).as("only the unsigned sink wrote here: the one whose secret is missing sent nothing")
                .hasSize(2).allSatisfy(r -> {
                    assertThat(r.headers().lastHeader("webhook-signature")).isNull();
                    assertThat(r.headers().lastHeader("ciam-key-id")).isNull();
                });
        assertThat(missing.get("pending").asLong()).isEqualTo(2);
        assertThat(missing.get("lastError").asText()).isEqualTo("vault secret ${vault.kafka_signing_missing} not found");
        String listed = realm.adminRest().get(realm.adminUrl() + "/ciam-events/sinks").expect(200).body();
        assertThat(listed).doesNotContain(current).doesNotContain("kafka_signing").contains("\"signingSecretCount\":2")
                .contains("\"signingSecretCount\":1");
        String log = java.nio.file.Files.readString(realm.keycloak().server().logFile());
        assertThat(log).doesNotContain(current).doesNotContain(next);
        WebhookDeliveryIT.putSinks(realm, "[]").expect(200);
    }

    /** A secret's key id as a consumer computes it: k_ and 16 characters of the base64url SHA-256 of its bytes. */
    private static String keyId(String secret) throws Exception {
        byte[] key = java.util.Base64.getDecoder().decode(secret.substring("whsec_".length()));
        return "k_" + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(key)).substring(0, 16);
    }

    @Test
    @DisplayName("gzip and lz4 sinks: the broker stores record batches compressed that way, and a consumer reads the events")
    void compressedRecords() throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic("ciam.gzip", 1, (short) 1), new NewTopic("ciam.lz4", 1, (short) 1)))
                    .all().get();
        }
        WebhookDeliveryIT.putSinks(realm, "[" + sink("gz", kafka.bootstrapServers(), "ciam.gzip",
                ", \"events\": [\"user.logged_in\"], \"compression\": \"gzip\"") + ", " + sink("lz", kafka.bootstrapServers(),
                "ciam.lz4", ", \"events\": [\"user.logged_in\"], \"compression\": \"lz4\"") + "]").expect(200);
        String eve = realm.createUser("eve", "Eve-Passw0rd!!");

        realm.newLogin().passwordLogin("eve", "Eve-Passw0rd!!");
        realm.newLogin().passwordLogin("eve", "Eve-Passw0rd!!");
        List<ConsumerRecord<String, String>> gzip = consume("ciam.gzip", 2, Duration.ofSeconds(30));
        List<ConsumerRecord<String, String>> lz4 = consume("ciam.lz4", 2, Duration.ofSeconds(30));

        assertThat(gzip).hasSize(2).extracting(ConsumerRecord::key).containsOnly(eve);
        assertThat(lz4).hasSize(2).extracting(ConsumerRecord::key).containsOnly(eve);
        assertThat(JSON.readTree(lz4.get(0).value()).get("type").asText()).isEqualTo("user.logged_in");
        assertThat(storedCompression("ciam.gzip")).containsOnly(org.apache.kafka.common.record.CompressionType.GZIP);
        assertThat(storedCompression("ciam.lz4")).containsOnly(org.apache.kafka.common.record.CompressionType.LZ4);
        String listed = realm.adminRest().get(realm.adminUrl() + "/ciam-events/sinks").expect(200).body();
        assertThat(listed).contains("\"compression\":\"lz4\"").contains("\"compression\":\"gzip\"");
    }

    /** The compression of every record batch the broker wrote to partition 0 of a topic (read from its log files). */
    private static Set<org.apache.kafka.common.record.CompressionType> storedCompression(String topic) throws Exception {
        Set<org.apache.kafka.common.record.CompressionType> types = new java.util.HashSet<>();
        for (var broker : kafka.brokers().values()) {
            for (String dir : broker.config().logDirs()) {
                java.nio.file.Path partition = java.nio.file.Path.of(dir, topic + "-0");
                if (!java.nio.file.Files.isDirectory(partition)) {
                    continue;
                }
                try (var files = java.nio.file.Files.list(partition)) {
                    for (java.nio.file.Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                        try (var records = org.apache.kafka.common.record.FileRecords.open(log.toFile())) {
                            records.batches().forEach(batch -> types.add(batch.compressionType()));
                        }
                    }
                }
            }
        }
        return types;
    }

    @Test
    @DisplayName("a broker that cannot be reached keeps the rows (error in the status); once it is reachable all arrive; GET hides the SASL password")
    void unreachableThenBack() throws Exception {
        String nowhere = "127.0.0.1:" + Ports.free();
        String password = "kafka-" + java.util.UUID.randomUUID();
        WebhookDeliveryIT.putSinks(realm, "[" + sink("later", nowhere, "ciam.later", ", \"events\": [\"user.logged_in\"]")
                + ", {\"id\": \"cloud\", \"type\": \"kafka\", \"bootstrapServers\": [\"" + nowhere + "\"], \"topic\": \"t\", "
                + "\"securityProtocol\": \"SASL_SSL\", \"saslMechanism\": \"PLAIN\", \"username\": \"key\", \"password\": \""
                + password + "\", \"enabled\": false" + Deliveries.NOT_CONSENT + "}]").expect(200);
        String cyd = realm.createUser("cyd", "Cyd-Passw0rd!");
        realm.newLogin().passwordLogin("cyd", "Cyd-Passw0rd!");
        realm.newLogin().passwordLogin("cyd", "Cyd-Passw0rd!");

        JsonNode status = awaitStatus("later", s -> s.get("lastError").asText("").startsWith("Kafka:"), Duration.ofSeconds(40));
        String listed = realm.adminRest().get(realm.adminUrl() + "/ciam-events/sinks").expect(200).body();

        assertThat(status.get("pending").asLong()).isEqualTo(2);
        assertThat(status.get("delivered").asLong()).isZero();
        assertThat(consume("ciam.later", 1, Duration.ofSeconds(1))).isEmpty();
        assertThat(listed).doesNotContain(password).contains("\"username\":\"key\"").contains("\"secretCount\":1");
        assertThat(java.nio.file.Files.readString(realm.keycloak().server().logFile())).doesNotContain(password);

        // The operator fixes the address: the same rows are delivered, none lost.
        WebhookDeliveryIT.putSinks(realm, "[" + sink("later", kafka.bootstrapServers(), "ciam.later",
                ", \"events\": [\"user.logged_in\"]") + "]").expect(200);
        List<ConsumerRecord<String, String>> records = consume("ciam.later", 2, Duration.ofSeconds(60));

        assertThat(records).hasSize(2).extracting(ConsumerRecord::key).containsOnly(cyd);
        assertThat(awaitStatus("later", s -> s.get("delivered").asLong() == 2, Duration.ofSeconds(10))
                .get("pending").asLong()).isZero();
    }

    @Test
    @DisplayName("a SASL/PLAIN broker: the relocated client authenticates with a vault-referenced password")
    void saslWithVaultPassword() throws Exception {
        // Separate controller and broker: a combined node with a SASL broker listener never became ready.
        try (KafkaClusterTestKit sasl = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(false)
                .setNumBrokerNodes(1).setNumControllerNodes(1)
                .setBrokerSecurityProtocol(org.apache.kafka.common.security.auth.SecurityProtocol.SASL_PLAINTEXT).build())
                .build()) {
            sasl.format();
            sasl.startup();
            sasl.waitForReadyBrokers();
            Properties client = new Properties();
            client.put("bootstrap.servers", sasl.bootstrapServers());
            client.put("security.protocol", "SASL_PLAINTEXT");
            client.put("sasl.mechanism", "PLAIN");
            client.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                    + org.apache.kafka.common.test.JaasUtils.KAFKA_PLAIN_ADMIN + "\" password=\""
                    + org.apache.kafka.common.test.JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD + "\";");
            try (Admin admin = Admin.create(client)) {
                admin.createTopics(List.of(new NewTopic("ciam.sasl", 1, (short) 1))).all().get();
            }
            java.nio.file.Files.writeString(dev.ciampack.testsuite.server.HarnessSettings.vaultDir()
                    .resolve(realm.name() + "_kafka__password"), org.apache.kafka.common.test.JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD);
            WebhookDeliveryIT.putSinks(realm, "[{\"id\": \"sasl\", \"type\": \"kafka\", \"bootstrapServers\": [\""
                    + sasl.bootstrapServers() + "\"], \"topic\": \"ciam.sasl\", \"securityProtocol\": \"SASL_PLAINTEXT\", "
                    + "\"saslMechanism\": \"PLAIN\", \"username\": \"" + org.apache.kafka.common.test.JaasUtils.KAFKA_PLAIN_ADMIN
                    + "\", \"password\": \"${vault.kafka_password}\", \"events\": [\"user.logged_in\"]" + Deliveries.NOT_CONSENT
                    + "}]").expect(200);
            String dee = realm.createUser("dee", "Dee-Passw0rd!!");

            realm.newLogin().passwordLogin("dee", "Dee-Passw0rd!!");
            awaitStatus("sasl", s -> s.get("delivered").asLong() == 1, Duration.ofSeconds(40));

            Properties props = new Properties();
            props.putAll(client);
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
                TopicPartition partition = new TopicPartition("ciam.sasl", 0);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                Instant end = Instant.now().plusSeconds(20);
                while (records.isEmpty() && Instant.now().isBefore(end)) {
                    consumer.poll(Duration.ofMillis(300)).forEach(records::add);
                }
            }
            assertThat(records).hasSize(1);
            assertThat(records.get(0).key()).isEqualTo(dee);
            assertThat(java.nio.file.Files.readString(realm.keycloak().server().logFile()))
                    .doesNotContain(org.apache.kafka.common.test.JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD);
        } finally {
            WebhookDeliveryIT.putSinks(realm, "[]").expect(200);
        }
    }

    private static Await.Probe<JsonNode> sinkStatus(String sink) {
        return Deliveries.status(realm.adminRest(), realm.adminUrl(), sink);
    }

    /** Polls a sink's status until it matches; fails with the last status if it never does. */
    private static JsonNode awaitStatus(String sink, java.util.function.Predicate<JsonNode> until, Duration timeout) {
        JsonNode status = Deliveries.awaitStatus(sinkStatus(sink), until, timeout);
        if (!until.test(status)) {
            throw new AssertionError("sink " + sink + " status never matched: " + status);
        }
        return status;
    }

    /** Reads the topic from the beginning until {@code count} records arrived or the time is up. */
    private static List<ConsumerRecord<String, String>> consume(String topic, int count, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant end = Instant.now().plus(timeout);
            while (records.size() < count && Instant.now().isBefore(end)) {
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
            }
        }
        // Every record read is a pack event valid against its type's schema.
        for (ConsumerRecord<String, String> record : records) {
            assertThat(EventSchemas.problems(record.value())).as("schema of the record at %s-%d@%d", record.topic(),
                    record.partition(), record.offset()).isEmpty();
        }
        return records;
    }
}
