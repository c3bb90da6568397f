package dev.ciampack.events.kafka;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.security.plain.PlainLoginModule;
import org.apache.kafka.common.security.scram.ScramLoginModule;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import dev.ciampack.events.net.Destinations;
import dev.ciampack.events.sinks.Sink;

/**
 * Kafka producers of a node, one per (realm, sink) and settings: idempotent, {@code acks=all}, the
 * sink's compression ({@code none}, {@code gzip} or {@code lz4}), short timeouts (the drainer holds row locks while it waits for the broker's answer).
 * Records are CloudEvents in structured mode: the key is the user id (per-user order within the
 * partition), the value the envelope JSON, header {@code content-type: application/cloudevents+json}.
 */
public final class KafkaSinks implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaSinks.class);
    private static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    /** What one send came to. */
    public enum Outcome { DELIVERED, RETRY, REJECTED }

    public record Result(Outcome outcome, String error) {
    }

    private static final class Cached {
        final String fingerprint;
        final Producer<String, String> producer;
        volatile long lastUsed = System.nanoTime();

        Cached(String fingerprint, Producer<String, String> producer) {
            this.fingerprint = fingerprint;
            this.producer = producer;
        }
    }

    /** A producer unused this long is closed (removed or idle sinks do not keep connections open). */
    static final Duration IDLE = Duration.ofMinutes(5);

    private final Map<String, Cached> producers = new ConcurrentHashMap<>();
    private final Function<Properties, Producer<String, String>> newProducer;

    public KafkaSinks() {
        this(KafkaSinks::newProducer);
    }

    /** With another way to make producers (the unit test's mock producer). */
    KafkaSinks(Function<Properties, Producer<String, String>> newProducer) {
        this.newProducer = newProducer;
    }

    /** One record to produce: key (the user id), value (the envelope JSON) and headers beyond content-type. */
    public record Record(String key, String value, Map<String, String> headers) {

        public Record(String key, String value) {
            this(key, value, Map.of());
        }
    }

    /**
     * Sends records in order without waiting between them (the producer batches and pipelines them, order per
     * key kept by the idempotent producer), then waits for their acknowledgements, 15 s at most in all; one
     * result per record, in order. A password comes resolved (vault references already read); it is never
     * logged. Before the records go out, the brokers the cluster advertises for the topic (leaders and
     * replicas, from the producer's metadata) are checked with {@code refused}: a cluster whose bootstrap
     * address is public but which advertises private brokers gets no record.
     */
    public List<Result> sendAll(String owner, Sink.KafkaTarget target, String password, List<Record> records,
                                Predicate<String> refused) {
        Producer<String, String> producer;
        try {
            producer = producer(owner, target, password);
        } catch (KafkaException e) {
            return all(records, new Result(Outcome.RETRY, "producer could not start: " + e.getClass().getSimpleName()));
        }
        try {
            boolean privateBroker = producer.partitionsFor(target.topic()).stream()
                    .flatMap(p -> Stream.concat(Stream.of(p.leader()), Stream.of(p.replicas())))
                    .filter(node -> node != null && !node.isEmpty()).map(Node::host).distinct().anyMatch(refused);
            if (privateBroker) {
                return all(records, new Result(Outcome.REJECTED, Destinations.REFUSED + " (a broker the cluster advertises)"));
            }
        } catch (KafkaException e) {
            return all(records, new Result(Outcome.RETRY, "Kafka: " + e.getClass().getSimpleName()));
        }
        List<Future<?>> sent = new ArrayList<>();
        List<Result> results = new ArrayList<>();
        for (Record one : records) {
            ProducerRecord<String, String> record = new ProducerRecord<>(target.topic(), one.key(), one.value());
            record.headers().add("content-type", CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            one.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            try {
                sent.add(producer.send(record));
            } catch (KafkaException e) {
                discard(owner);
                sent.add(null);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (Future<?> future : sent) {
            results.add(future == null ? new Result(Outcome.RETRY, "Kafka: the producer refused the record")
                    : await(owner, future, deadline));
        }
        return results;
    }

    private Result await(String owner, Future<?> future, long deadline) {
        try {
            future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return new Result(Outcome.DELIVERED, null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RecordTooLargeException) {
                return new Result(Outcome.REJECTED, "record too large for the topic");
            }
            if (!(cause instanceof RetriableException)) {
                // Authorization, authentication, fenced or fatal idempotence errors: start afresh next time.
                discard(owner);
            }
            return new Result(Outcome.RETRY, "Kafka: " + cause.getClass().getSimpleName());
        } catch (TimeoutException e) {
            return new Result(Outcome.RETRY, "Kafka: no acknowledgement within 15 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Outcome.RETRY, "interrupted");
        }
    }

    private static List<Result> all(List<Record> records, Result result) {
        return records.stream().map(r -> result).toList();
    }

    private Producer<String, String> producer(String owner, Sink.KafkaTarget target, String password) {
        String fingerprint = fingerprint(target, password);
        Cached cached = producers.get(owner);
        if (cached != null && cached.fingerprint.equals(fingerprint)) {
            cached.lastUsed = System.nanoTime();
            return cached.producer;
        }
        synchronized (this) {
            cached = producers.get(owner);
            if (cached != null && cached.fingerprint.equals(fingerprint)) {
                return cached.producer;
            }
            if (cached != null) {
                closeQuietly(cached.producer);
            }
            Producer<String, String> producer = newProducer.apply(settings(owner, target, password));
            producers.put(owner, new Cached(fingerprint, producer));
            LOG.debugf("ciam-events: Kafka producer for %s started (%s)", owner, target.bootstrapServers());
            return producer;
        }
    }

    /** The producer settings of a sink (package-visible for the unit test; holds the password). */
    static Properties settings(String owner, Sink.KafkaTarget target, String password) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", target.bootstrapServers()));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ciam-events-" + owner.replaceAll("[^A-Za-z0-9._-]", "-"));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, target.compression());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "10000");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put("security.protocol", target.securityProtocol());
        if (target.sasl()) {
            props.put(SaslConfigs.SASL_MECHANISM, target.saslMechanism());
            String module = "PLAIN".equals(target.saslMechanism()) ? PlainLoginModule.class.getName()
                    : ScramLoginModule.class.getName();
            props.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + jaasQuote(target.username())
                    + "\" password=\"" + jaasQuote(password) + "\";");
        }
        return props;
    }

    private static Producer<String, String> newProducer(Properties settings) {
        // Kafka looks up classes through the context class loader: use the pack's, where the relocated client lives.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(KafkaSinks.class.getClassLoader());
        try {
            return new KafkaProducer<>(settings);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** JAAS option values are double-quoted; backslashes and quotes inside are escaped. */
    static String jaasQuote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String fingerprint(Sink.KafkaTarget target, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(target.toString().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(String.valueOf(password).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Closes the producer of a sink, if this node has one (the sink was removed, disabled or failed hard). */
    public void discard(String owner) {
        Cached cached = producers.remove(owner);
        if (cached != null) {
            closeQuietly(cached.producer);
        }
    }

    /** Closes producers unused for {@link #IDLE}. */
    public void closeIdle() {
        long now = System.nanoTime();
        producers.forEach((owner, cached) -> {
            if (now - cached.lastUsed > IDLE.toNanos()) {
                discard(owner);
            }
        });
    }

    private static void closeQuietly(Producer<String, String> producer) {
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debugf("ciam-events: closing a Kafka producer failed: %s", e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        producers.keySet().forEach(this::discard);
    }
}
