package dev.ciampack.events.listener;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.apache.http.HttpHost;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.keycloak.common.util.Time;
import org.keycloak.events.outbox.OutboxDeliveryHandler;
import org.keycloak.events.outbox.OutboxDeliveryOutcome;
import org.keycloak.events.outbox.OutboxDeliveryResult;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.OutboxEntryEntity;
import org.keycloak.models.jpa.entities.OutboxEntryStatus;
import org.keycloak.vault.VaultStringSecret;

import dev.ciampack.consent.spi.ConsentProvider;
import dev.ciampack.events.envelope.CloudEvents;
import dev.ciampack.events.envelope.SegmentMessages;
import dev.ciampack.events.kafka.KafkaSinks;
import dev.ciampack.events.net.Destinations;
import dev.ciampack.events.outbox.OutboxRows;
import dev.ciampack.events.sinks.Sink;
import dev.ciampack.events.sinks.SinkStore;
import dev.ciampack.events.webhook.StandardWebhooks;

/**
 * Delivers the rows of a batch to their sinks, in two phases. On the drain thread (database, vault and realm
 * lookups): {@link #consentGone} and {@link #route}. On the delivery threads (network only): {@link #lane},
 * which sends one lane's rows in commit order. Webhooks: one request per row, Standard Webhooks headers and
 * signature, CloudEvents structured body. Segment: the lane's rows in batch requests of at most
 * {@link SegmentMessages#MAX_BATCH_BYTES}. Kafka: the lane's records sent together, then their acknowledgements
 * awaited (key: user id). HTTP goes through Keycloak's {@code HttpClientProvider} (proxy and truststore apply),
 * 5 s connect and 15 s response timeouts, no redirects, at most 4 KB of the answer read. 2xx: delivered; 410:
 * the sink is disabled and the row dead-lettered; anything else (3xx included): retried along the backoff
 * curve. Keycloak's drainer then applies the outcomes ({@link #deliver} hands them over).
 */
final class SinkDelivery implements OutboxDeliveryHandler {

    /**
     * What a lane needs of a row (the entity itself stays on the drain thread), with a Segment sink's consent
     * categories as the person's choices stand when it is sent (null for other sinks).
     */
    record Row(String id, String owner, String correlationId, String payload, String userId, Instant createdAt,
               Map<String, Boolean> consentCategories) {
    }

    /**
     * The row as a lane sends it. A Segment sink's consent categories are read now, not when the event was queued: a
     * retried or replayed message must not say a person consents to what they have withdrawn since.
     */
    Row row(KeycloakSession session, OutboxEntryEntity entry) {
        Map<String, Boolean> categories = null;
        RealmModel realm = session.realms().getRealm(entry.getRealmId());
        Sink sink = realm == null ? null : sinkStore.find(realm, OutboxRows.sinkIdOf(entry.getOwnerId()));
        if (sink != null && !sink.consentCategories().isEmpty() && entry.getMetadata() != null) {
            session.getContext().setRealm(realm);
            UserModel user = session.users().getUserById(realm, entry.getMetadata());
            if (user != null) {
                categories = EventsListener.consentCategories(session.getProvider(ConsentProvider.class), realm, user,
                        sink);
            }
        }
        return new Row(entry.getId(), entry.getOwnerId(), entry.getCorrelationId(), entry.getPayload(),
                entry.getMetadata(), entry.getCreatedAt(), categories);
    }

    /** How a sink is reached in this batch, resolved on the drain thread; or, when {@code fixed}, why not. */
    record Route(String owner, Sink sink, InetAddress address, List<String> secrets, List<String> signingSecrets,
                 OutboxDeliveryResult fixed) {
        static Route fixed(String owner, OutboxDeliveryResult result) {
            return new Route(owner, null, null, List.of(), List.of(), result);
        }
    }

    private final boolean allowPrivate;
    private final KafkaSinks kafka;
    private final SinkStore sinkStore;

    /** Outcomes of the current batch's attempted rows (row id → result). */
    private final Map<String, OutboxDeliveryResult> results = new ConcurrentHashMap<>();
    /** Rows of the current batch not attempted: row id → the row whose due time they take, or a time. */
    private final Map<String, Object> deferred = new ConcurrentHashMap<>();
    /** Sinks that failed in this batch (owner → the failed row). */
    private final Map<String, String> failing = new ConcurrentHashMap<>();
    /** Sinks that failed earlier in this run (owner → when their failed row is due again). */
    private final Map<String, Instant> failedUntil = new ConcurrentHashMap<>();
    /** Sinks that answered 410 in this batch. */
    private final Set<String> gone = ConcurrentHashMap.newKeySet();
    /** Rows whose sink answered 429/503 with a Retry-After (row id → not before). */
    private final Map<String, Instant> retryAfter = new ConcurrentHashMap<>();
    /** Sinks that answered 429/503 with a Retry-After in this batch (owner → the latest such time), see {@link dev.ciampack.events.outbox.SinkPause}. */
    private final Map<String, Instant> askedToWait = new ConcurrentHashMap<>();
    private final AtomicInteger handled = new AtomicInteger();
    /** After this (System.nanoTime) a batch's lanes start no further request; their rows stay due. */
    private volatile long sendDeadline;

    /** How long a batch's lanes may keep starting requests (a slow sink must not hold the batch's locks). */
    static final java.time.Duration SEND_WINDOW = java.time.Duration.ofSeconds(30);

    SinkDelivery(boolean allowPrivate, KafkaSinks kafka, SinkStore sinkStore) {
        this.allowPrivate = allowPrivate;
        this.kafka = kafka;
        this.sinkStore = sinkStore;
    }

    /** A drain run starts: sinks that failed in the previous run may be tried again. */
    void newRound() {
        failedUntil.clear();
        retryAfter.clear();
        kafka.closeIdle();
    }

    void newBatch(int size) {
        handled.set(size);
        sendDeadline = System.nanoTime() + SEND_WINDOW.toNanos();
        results.clear();
        deferred.clear();
        failing.clear();
        gone.clear();
        askedToWait.clear();
    }

    /** The sinks that answered 429/503 with a Retry-After in this batch, and until when they asked to be left alone. */
    Map<String, Instant> askedToWait() {
        return askedToWait;
    }

    int handledInBatch() {
        return handled.get();
    }

    /** The row is not attempted in this batch and waits until {@code until}. */
    void waitUntil(String rowId, Instant until) {
        deferred.put(rowId, until);
    }

    /** The sinks that answered 410 in this batch (disabled on the drain thread). */
    Set<String> goneSinks() {
        return gone;
    }

    /** After the outcomes are applied: how long the sinks that failed keep the rest of this run's rows waiting. */
    void rememberFailures(Function<String, OutboxEntryEntity> byId) {
        failing.forEach((owner, rowId) -> {
            OutboxEntryEntity failed = byId.apply(rowId);
            failedUntil.putIfAbsent(owner, failed != null && failed.getStatus() == OutboxEntryStatus.PENDING
                    && failed.getNextAttemptAt() != null ? failed.getNextAttemptAt() : Instant.now().plusSeconds(5));
        });
    }

    /** The time a row's sink asked it to wait until (Retry-After), or null. */
    Instant retryAfterWish(OutboxEntryEntity entry) {
        return retryAfter.remove(entry.getId());
    }

    /** When a row that was not attempted is due, or null if it was attempted. */
    Instant deferredUntil(OutboxEntryEntity entry, Function<String, OutboxEntryEntity> byId) {
        Object wait = deferred.get(entry.getId());
        if (wait instanceof Instant until) {
            return until;
        }
        if (wait instanceof String failedRow) {
            OutboxEntryEntity failed = byId.apply(failedRow);
            return failed != null && failed.getStatus() == OutboxEntryStatus.PENDING && failed.getNextAttemptAt() != null
                    ? failed.getNextAttemptAt() : Instant.now().plusSeconds(5);
        }
        return null;
    }

    boolean attempted(OutboxEntryEntity entry) {
        return !deferred.containsKey(entry.getId());
    }

    /**
     * Whether a row must be dropped rather than sent: its person is gone, or no longer grants every purpose
     * of a consent sink (withdrawn, or the sink now asks for more). Checked before each send, replayed rows
     * included; the drainer then deletes the row (a dead letter would keep the data for replay).
     */
    boolean consentGone(KeycloakSession session, OutboxEntryEntity entry) {
        // A grant, unlike the other notices, is only true while it holds: a replayed or retried grant of a
        // person who withdrew since must not arrive after (or instead of) their withdrawal.
        boolean grant = "consent.granted".equals(entry.getEntryType());
        if (CloudEvents.isNotice(entry.getEntryType()) && !grant) {
            return false;
        }
        RealmModel realm = session.realms().getRealm(entry.getRealmId());
        Sink sink = realm == null ? null : sinkStore.find(realm, OutboxRows.sinkIdOf(entry.getOwnerId()));
        if (sink == null) {
            return false;
        }
        session.getContext().setRealm(realm);
        UserModel user = entry.getMetadata() == null ? null : session.users().getUserById(realm, entry.getMetadata());
        ConsentProvider consent = session.getProvider(ConsentProvider.class);
        boolean holds = grant ? EventsListener.hears(consent, realm, user, sink, entry.getEntryType(),
                CloudEvents.purposeOf(entry.getPayload())) || withdrawalFollows(session, entry)
                : EventsListener.allowed(consent, realm, user, sink);
        if (holds) {
            return false;
        }
        EventMetrics.delivery(realm.getName(), sink.id(), "dropped");
        return true;
    }

    /**
     * A grant that no longer holds is still sent when the person's withdrawal of the same purpose waits behind it
     * for the same sink: the sink then hears both, in order. Otherwise (a replayed or long-retried grant whose
     * withdrawal went out already) it would arrive last and tell the sink the opposite of the person's choice.
     */
    private static boolean withdrawalFollows(KeycloakSession session, OutboxEntryEntity grant) {
        String purpose = CloudEvents.purposeOf(grant.getPayload());
        return purpose != null && new OutboxRows(session).queuedAfter(grant, "consent.withdrawn").stream()
                .anyMatch(payload -> purpose.equals(CloudEvents.purposeOf(payload)));
    }

    /**
     * How the sink of {@code owner} is reached in this batch: sink looked up, its address checked (the request
     * then goes to the very address checked here), its secrets read from the vault. Drain thread only.
     */
    Route route(KeycloakSession session, RealmModel realm, String owner) {
        Sink sink = realm == null ? null : sinkStore.find(realm, OutboxRows.sinkIdOf(owner));
        if (sink == null || !sink.enabled()) {
            kafka.discard(owner);
            return Route.fixed(owner, OutboxDeliveryResult.orphaned("sink removed or disabled"));
        }
        // The drainer's session serves no request: bind it to the row's realm for user and vault lookups.
        session.getContext().setRealm(realm);
        InetAddress address = null;
        try {
            if (Sink.KAFKA.equals(sink.type())) {
                for (String host : sink.hosts()) {
                    Destinations.checked(host, allowPrivate);
                }
            } else {
                address = Destinations.checked(sink.url().getHost(), allowPrivate);
            }
        } catch (Destinations.RefusedException e) {
            return Route.fixed(owner, OutboxDeliveryResult.deadLetter(Destinations.REFUSED));
        } catch (UnknownHostException e) {
            if (!Sink.KAFKA.equals(sink.type())) {
                return Route.fixed(owner, OutboxDeliveryResult.retry("unknown host"));
            }
        }
        List<String> secrets = new ArrayList<>();
        List<String> signingSecrets = new ArrayList<>();
        for (String secret : sink.secrets()) {
            Optional<String> value = resolve(session, secret);
            if (value.isEmpty()) {
                // The operator may still add it: keep the row and say which reference is missing.
                return Route.fixed(owner, OutboxDeliveryResult.retry("vault secret " + secret + " not found"));
            }
            secrets.add(value.get());
        }
        for (String secret : sink.signingSecrets()) {
            Optional<String> value = resolve(session, secret);
            if (value.isEmpty()) {
                // Fail closed: a sink meant to sign sends nothing unsigned.
                return Route.fixed(owner, OutboxDeliveryResult.retry("vault secret " + secret + " not found"));
            }
            signingSecrets.add(value.get());
        }
        try {
            (Sink.WEBHOOK.equals(sink.type()) ? secrets : List.<String>of()).forEach(StandardWebhooks::secretBytes);
            signingSecrets.forEach(StandardWebhooks::secretBytes);
        } catch (IllegalArgumentException e) {
            return Route.fixed(owner, OutboxDeliveryResult.retry("a vault secret of this sink is not a whsec_ secret"));
        }
        return new Route(owner, sink, address, secrets, List.copyOf(signingSecrets), null);
    }

    /** One outcome for every row of a sink that cannot be reached in this batch. */
    void settle(Route route, List<Row> rows) {
        rows.forEach(row -> results.put(row.id(), route.fixed()));
    }

    /**
     * Sends one lane's rows (one sink; each person's rows in commit order, a person always in the same lane),
     * network only. Once the sink fails, the lane's remaining rows, and those of the sink's other lanes, are
     * not attempted: they wait as long as the failed row.
     */
    void lane(CloseableHttpClient http, Route route, List<Row> rows) {
        switch (route.sink().type()) {
            case Sink.KAFKA -> kafkaLane(route, rows);
            case Sink.SEGMENT -> segmentLane(http, route, rows);
            default -> {
                for (Row row : rows) {
                    if (!mustWait(row)) {
                        record(row, post(http, route, webhook(route, row), List.of(row)));
                    }
                }
            }
        }
    }

    private void segmentLane(CloseableHttpClient http, Route route, List<Row> rows) {
        List<Row> chunk = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        int bytes = 0;
        for (Row row : rows) {
            String message = SegmentMessages.message(row.payload(), row.consentCategories());
            int size = message.getBytes(StandardCharsets.UTF_8).length;
            if (size > SegmentMessages.MAX_MESSAGE_BYTES) {
                results.put(row.id(), OutboxDeliveryResult.deadLetter("message larger than Segment's 32 KB limit"));
                continue;
            }
            if (!chunk.isEmpty() && bytes + size + 16 > SegmentMessages.MAX_BATCH_BYTES) {
                segmentChunk(http, route, chunk, messages);
                chunk = new ArrayList<>();
                messages = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(row);
            messages.add(message);
            bytes += size + 1;
        }
        if (!chunk.isEmpty()) {
            segmentChunk(http, route, chunk, messages);
        }
    }

    private void segmentChunk(CloseableHttpClient http, Route route, List<Row> chunk, List<String> messages) {
        if (mustWait(chunk.get(0))) {
            chunk.subList(1, chunk.size()).forEach(this::mustWait);
            return;
        }
        HttpPost post = new HttpPost(route.sink().url());
        post.setHeader("Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString((route.secrets().get(0) + ":").getBytes(StandardCharsets.UTF_8)));
        post.setHeader("Content-Type", "application/json");
        post.setEntity(new StringEntity(SegmentMessages.batchOf(messages), StandardCharsets.UTF_8));
        OutboxDeliveryResult result = post(http, route, post, chunk);
        chunk.forEach(row -> record(row, result));
    }

    private void kafkaLane(Route route, List<Row> rows) {
        List<Row> sendable = rows.stream().filter(row -> !mustWait(row)).toList();
        if (sendable.isEmpty()) {
            return;
        }
        List<KafkaSinks.Result> sent = kafka.sendAll(route.owner(), route.sink().kafka(),
                route.secrets().isEmpty() ? null : route.secrets().get(0),
                sendable.stream().map(row -> new KafkaSinks.Record(row.userId(), row.payload(),
                        signatureHeaders(route.signingSecrets(), row))).toList(),
                host -> Destinations.refused(host, allowPrivate));
        for (int i = 0; i < sendable.size(); i++) {
            KafkaSinks.Result one = sent.get(i);
            record(sendable.get(i), switch (one.outcome()) {
                case DELIVERED -> OutboxDeliveryResult.delivered();
                case REJECTED -> OutboxDeliveryResult.deadLetter(one.error());
                case RETRY -> OutboxDeliveryResult.retry(one.error());
            });
        }
    }

    /**
     * A Kafka record's Standard Webhooks headers ({@code webhook-id}, {@code webhook-timestamp},
     * {@code webhook-signature} over the record value) and {@code ciam-key-id}, the key id of each signature in
     * the same order; none when the sink signs nothing.
     */
    static Map<String, String> signatureHeaders(List<String> signingSecrets, Row row) {
        if (signingSecrets.isEmpty()) {
            return Map.of();
        }
        long timestamp = Time.currentTime();
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("webhook-id", row.correlationId());
        headers.put("webhook-timestamp", String.valueOf(timestamp));
        headers.put("webhook-signature", StandardWebhooks.header(signingSecrets, row.correlationId(), timestamp,
                row.payload()));
        headers.put(StandardWebhooks.KEY_ID_HEADER, String.join(" ", signingSecrets.stream().map(StandardWebhooks::keyId)
                .toList()));
        return headers;
    }

    /** Whether the row waits instead of being sent (its sink failed or went away in this run). */
    private boolean mustWait(Row row) {
        if (gone.contains(row.owner())) {
            results.put(row.id(), OutboxDeliveryResult.orphaned("sink removed or disabled"));
            return true;
        }
        String failedRow = failing.get(row.owner());
        if (failedRow != null) {
            deferred.put(row.id(), failedRow);
            return true;
        }
        Instant until = failedUntil.get(row.owner());
        if (until != null) {
            deferred.put(row.id(), until);
            return true;
        }
        if (System.nanoTime() > sendDeadline) {
            deferred.put(row.id(), Instant.now());
            return true;
        }
        return false;
    }

    private void record(Row row, OutboxDeliveryResult result) {
        results.put(row.id(), result);
        if (result.outcome() == OutboxDeliveryOutcome.RETRY) {
            failing.putIfAbsent(row.owner(), row.id());
        }
    }

    private HttpPost webhook(Route route, Row row) {
        HttpPost post = new HttpPost(route.sink().url());
        long timestamp = Time.currentTime();
        post.setHeader("webhook-id", row.correlationId());
        post.setHeader("webhook-timestamp", String.valueOf(timestamp));
        post.setHeader("webhook-signature", StandardWebhooks.header(route.secrets(), row.correlationId(), timestamp,
                row.payload()));
        post.setHeader("Content-Type", "application/cloudevents+json");
        post.setEntity(new StringEntity(row.payload(), StandardCharsets.UTF_8));
        return post;
    }

    /** Sends one request for {@code rows}; a Retry-After of the answer applies to each of them. */
    private OutboxDeliveryResult post(CloseableHttpClient http, Route route, HttpPost post, List<Row> rows) {
        post.setConfig(RequestConfig.custom().setConnectTimeout(5_000).setConnectionRequestTimeout(5_000)
                .setSocketTimeout(15_000).setRedirectsEnabled(false).build());
        try (CloseableHttpResponse response = http.execute(target(route.address(), route.sink().url()), post)) {
            int status = response.getStatusLine().getStatusCode();
            if (response.getEntity() != null) {
                try (InputStream answer = response.getEntity().getContent()) {
                    answer.readNBytes(4096);
                    if (answer.read() != -1) {
                        // A longer answer is not read on: the connection is dropped instead of reused.
                        post.abort();
                    }
                }
            }
            if (status >= 200 && status < 300) {
                return OutboxDeliveryResult.delivered();
            }
            if (status == 410) {
                gone.add(route.owner());
                return OutboxDeliveryResult.deadLetter("410 Gone: sink disabled");
            }
            var header = response.getFirstHeader("Retry-After");
            if (header != null && (status == 429 || status == 503)) {
                Instant notBefore = RetryAfter.parse(header.getValue(), Instant.now());
                if (notBefore != null) {
                    rows.forEach(row -> retryAfter.put(row.id(), notBefore));
                    askedToWait.merge(route.owner(), notBefore, (a, b) -> a.isAfter(b) ? a : b);
                }
            }
            return OutboxDeliveryResult.retry("HTTP " + status);
        } catch (IOException e) {
            return OutboxDeliveryResult.retry(e.getClass().getSimpleName());
        }
    }

    @Override
    public String entryKind() {
        return OutboxRows.KIND;
    }

    /** Hands Keycloak's drainer the outcome found for the row in this batch (rows not attempted: a retry). */
    @Override
    public OutboxDeliveryResult deliver(KeycloakSession session, OutboxEntryEntity entry) {
        OutboxDeliveryResult result = results.remove(entry.getId());
        if (result == null) {
            result = OutboxDeliveryResult.retry("not attempted: waits for the sink or an earlier row of the person");
        }
        RealmModel realm = session.realms().getRealm(entry.getRealmId());
        String realmName = realm == null ? entry.getRealmId() : realm.getName();
        String sinkId = OutboxRows.sinkIdOf(entry.getOwnerId());
        EventMetrics.delivery(realmName, sinkId, !attempted(entry) ? "deferred"
                : result.outcome().name().toLowerCase(java.util.Locale.ROOT));
        if (result.outcome() == OutboxDeliveryOutcome.DELIVERED && entry.getCreatedAt() != null) {
            EventMetrics.latency(realmName, sinkId, java.time.Duration.between(entry.getCreatedAt(), Instant.now()));
        }
        return result;
    }

    /** A secret's value: a vault reference read from Keycloak's vault (realm-scoped), anything else as is. */
    private static Optional<String> resolve(KeycloakSession session, String secret) {
        if (!Sink.isVaultReference(secret)) {
            return Optional.of(secret);
        }
        try (VaultStringSecret value = session.vault().getStringSecret(secret)) {
            return value.get();
        }
    }

    /**
     * Where the request goes: the address that was checked, under the sink's host name (for the Host header and
     * TLS). The HTTP client then connects to that address and does not resolve the name again, so a DNS answer
     * that changes after the check (rebinding) cannot send the request elsewhere.
     */
    static HttpHost target(InetAddress checked, java.net.URI url) {
        return new HttpHost(checked, url.getHost(), port(url), url.getScheme());
    }

    private static int port(java.net.URI url) {
        return url.getPort() != -1 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
    }
}
