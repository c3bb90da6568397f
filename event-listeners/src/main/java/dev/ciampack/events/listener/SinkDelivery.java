package dev.ciampack.events.listener;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Instant;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.http.HttpHost;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.StringEntity;
import org.keycloak.common.util.Time;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.events.outbox.OutboxDeliveryHandler;
import org.keycloak.events.outbox.OutboxDeliveryResult;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.OutboxEntryEntity;
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
 * Delivers one outbox row to its sink (a webhook: Standard Webhooks headers and signature, CloudEvents
 * structured body; Segment: a batch of one message; Kafka: a record keyed by user id). HTTP goes through Keycloak's {@link HttpClientProvider} (proxy and truststore apply), 5 s connect and
 * 15 s response timeouts, no redirects, at most 4 KB of the answer read. 2xx: delivered; 410: the sink is
 * disabled and the row dead-lettered; anything else (3xx included): retried along the backoff curve.
 * Consent is checked again at send time (see {@link #consentGone}).
 */
final class SinkDelivery implements OutboxDeliveryHandler {

    private final boolean allowPrivate;
    private final KafkaSinks kafka;
    private final SinkStore sinkStore;

    /** Sinks that failed in the current drain round (outbox owner → when their failed row is due again). */
    private final Map<String, Instant> failedThisRound = new ConcurrentHashMap<>();
    /** Rows of the current round not attempted because their sink had just failed. */
    private final Set<String> deferred = ConcurrentHashMap.newKeySet();
    /** Rows of the current round whose sink answered 429/503 with a Retry-After (row id → not before). */
    private final Map<String, Instant> retryAfter = new ConcurrentHashMap<>();

    SinkDelivery(boolean allowPrivate, KafkaSinks kafka, SinkStore sinkStore) {
        this.allowPrivate = allowPrivate;
        this.kafka = kafka;
        this.sinkStore = sinkStore;
    }

    /** Rows handed to this handler since {@link #newBatch()}. */
    private final java.util.concurrent.atomic.AtomicInteger handled = new java.util.concurrent.atomic.AtomicInteger();

    /** A drain run starts: sinks that failed in the previous run may be tried again. */
    void newRound() {
        failedThisRound.clear();
        deferred.clear();
        retryAfter.clear();
        kafka.closeIdle();
    }

    void newBatch() {
        handled.set(0);
    }

    int handledInBatch() {
        return handled.get();
    }

    void failed(String owner, Instant nextAttemptAt) {
        failedThisRound.putIfAbsent(owner, nextAttemptAt == null ? Instant.now().plusSeconds(5) : nextAttemptAt);
    }

    /** The time a row's sink asked it to wait until (Retry-After), or null. */
    Instant retryAfterWish(OutboxEntryEntity entry) {
        return retryAfter.remove(entry.getId());
    }

    /** When a row that was not attempted this round is due, or null if it was attempted. */
    Instant deferredUntil(OutboxEntryEntity entry) {
        return deferred.remove(entry.getId()) ? failedThisRound.get(entry.getOwnerId()) : null;
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
        handled.incrementAndGet();
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

    @Override
    public String entryKind() {
        return OutboxRows.KIND;
    }

    @Override
    public OutboxDeliveryResult deliver(KeycloakSession session, OutboxEntryEntity entry) {
        handled.incrementAndGet();
        RealmModel realm = session.realms().getRealm(entry.getRealmId());
        OutboxDeliveryResult result = attempt(session, realm, entry);
        EventMetrics.delivery(realm == null ? entry.getRealmId() : realm.getName(),
                OutboxRows.sinkIdOf(entry.getOwnerId()), deferred.contains(entry.getId()) ? "deferred"
                        : result.outcome().name().toLowerCase(java.util.Locale.ROOT));
        return result;
    }

    private OutboxDeliveryResult attempt(KeycloakSession session, RealmModel realm, OutboxEntryEntity entry) {
        Sink sink = realm == null ? null : sinkStore.find(realm, OutboxRows.sinkIdOf(entry.getOwnerId()));
        if (sink == null || !sink.enabled()) {
            kafka.discard(entry.getOwnerId());
            return OutboxDeliveryResult.orphaned("sink removed or disabled");
        }
        // The drainer's session serves no request: bind it to the row's realm for user and vault lookups.
        session.getContext().setRealm(realm);
        // Checked before every send; the HTTP request then goes to the very address checked here.
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
            return OutboxDeliveryResult.deadLetter(Destinations.REFUSED);
        } catch (UnknownHostException e) {
            if (!Sink.KAFKA.equals(sink.type())) {
                return OutboxDeliveryResult.retry("unknown host");
            }
        }
        if (failedThisRound.containsKey(entry.getOwnerId())) {
            deferred.add(entry.getId());
            return OutboxDeliveryResult.retry("not attempted: the sink failed earlier in this round");
        }
        List<String> secrets = new ArrayList<>();
        for (String secret : sink.secrets()) {
            Optional<String> value = resolve(session, secret);
            if (value.isEmpty()) {
                // The operator may still add it: keep the row and say which reference is missing.
                return OutboxDeliveryResult.retry("vault secret " + secret + " not found");
            }
            secrets.add(value.get());
        }
        if (Sink.KAFKA.equals(sink.type())) {
            KafkaSinks.Result sent = kafka.send(entry.getOwnerId(), sink.kafka(), secrets.isEmpty() ? null : secrets.get(0),
                    entry.getMetadata(), entry.getPayload(), host -> Destinations.refused(host, allowPrivate));
            return switch (sent.outcome()) {
                case DELIVERED -> OutboxDeliveryResult.delivered();
                case REJECTED -> OutboxDeliveryResult.deadLetter(sent.error());
                case RETRY -> OutboxDeliveryResult.retry(sent.error());
            };
        }
        HttpPost post;
        try {
            post = request(sink, secrets, entry);
        } catch (IllegalArgumentException e) {
            return OutboxDeliveryResult.retry("a vault secret of this sink is not a whsec_ secret");
        }
        HttpHost target = target(address, sink.url());
        try (CloseableHttpResponse response = session.getProvider(HttpClientProvider.class).getHttpClient()
                .execute(target, post)) {
            int status = response.getStatusLine().getStatusCode();
            if (response.getEntity() != null) {
                try (InputStream answer = response.getEntity().getContent()) {
                    answer.readNBytes(4096);
                }
            }
            if (status >= 200 && status < 300) {
                return OutboxDeliveryResult.delivered();
            }
            if (status == 410) {
                sinkStore.disable(realm, sink.id());
                return OutboxDeliveryResult.deadLetter("410 Gone: sink disabled");
            }
            var header = response.getFirstHeader("Retry-After");
            if (header != null && (status == 429 || status == 503)) {
                Instant notBefore = RetryAfter.parse(header.getValue(), Instant.now());
                if (notBefore != null) {
                    retryAfter.put(entry.getId(), notBefore);
                }
            }
            return OutboxDeliveryResult.retry("HTTP " + status);
        } catch (IOException e) {
            return OutboxDeliveryResult.retry(e.getClass().getSimpleName());
        }
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

    /** The request for one row, by sink type. */
    private static HttpPost request(Sink sink, List<String> secrets, OutboxEntryEntity entry) {
        HttpPost post = new HttpPost(sink.url());
        post.setConfig(RequestConfig.custom().setConnectTimeout(5_000).setConnectionRequestTimeout(5_000)
                .setSocketTimeout(15_000).setRedirectsEnabled(false).build());
        if (Sink.SEGMENT.equals(sink.type())) {
            post.setHeader("Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString((secrets.get(0) + ":").getBytes(StandardCharsets.UTF_8)));
            post.setHeader("Content-Type", "application/json");
            post.setEntity(new StringEntity(SegmentMessages.batch(entry.getPayload()), StandardCharsets.UTF_8));
        } else {
            long timestamp = Time.currentTime();
            post.setHeader("webhook-id", entry.getCorrelationId());
            post.setHeader("webhook-timestamp", String.valueOf(timestamp));
            post.setHeader("webhook-signature",
                    StandardWebhooks.header(secrets, entry.getCorrelationId(), timestamp, entry.getPayload()));
            post.setHeader("Content-Type", "application/cloudevents+json");
            post.setEntity(new StringEntity(entry.getPayload(), StandardCharsets.UTF_8));
        }
        return post;
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
