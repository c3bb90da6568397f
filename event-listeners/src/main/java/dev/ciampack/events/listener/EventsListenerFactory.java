package dev.ciampack.events.listener;

import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.Version;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.outbox.OutboxBackoff;
import org.keycloak.events.outbox.OutboxConfig;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.timer.TimerProvider;

import dev.ciampack.events.kafka.KafkaSinks;
import dev.ciampack.events.outbox.OutboxCompatibility;
import dev.ciampack.events.outbox.OutboxRows;
import dev.ciampack.events.sinks.SinkStore;
import dev.ciampack.events.sinks.SinksJson;

/**
 * {@code ciam-events}: enable it in a realm's event listeners. User events become CloudEvents rows in
 * Keycloak's transactional outbox, one per matching sink, in the operation's own transaction. Right after
 * that transaction commits, the node that wrote the rows delivers them ({@link DeliveryEngine}); every node
 * also drains due rows every {@code drain-interval-seconds} (retries, and rows of a node that crashed), rows
 * claimed with SKIP LOCKED.
 */
public final class EventsListenerFactory implements EventListenerProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "ciam-events";
    private static final Logger LOG = Logger.getLogger(EventsListenerFactory.class);

    private boolean allowPrivateSinks;
    private int drainIntervalSeconds;
    private int statusRefreshSeconds;
    private String retrySchedule;
    private List<java.time.Duration> retryDelays;
    private int deliveredRetentionHours;
    private int deadLetterRetentionDays;
    private int purgeBatchSize;
    private int deliveryThreads;
    private int sinkConcurrency;
    private int batchSize;
    private int lingerMillis;
    private DeliveryEngine engine;
    private final KafkaSinks kafka = new KafkaSinks();
    private final SinkStore sinkStore = new SinkStore();
    private OutboxCompatibility.Result compatibility;
    private KeycloakSessionFactory sessionFactory;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return compatibility.compatible() ? new EventsListener(session, sinkStore) : DISABLED;
    }

    /** Delivery of the rows this session's transaction writes starts as soon as it commits. */
    public static void wakeAfterCommit(KeycloakSession session) {
        DeliveryEngine engine = of(session).engine;
        if (engine != null) {
            engine.wakeAfterCommit(session);
        }
    }

    /** Why the listener takes no events on this server (the outbox it needs is missing), or null. */
    public static String disabledReason(KeycloakSession session) {
        OutboxCompatibility.Result result = of(session).compatibility;
        return result.compatible() ? null : result.describe();
    }

    private static EventsListenerFactory of(KeycloakSession session) {
        return (EventsListenerFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(EventListenerProvider.class, ID);
    }

    /** Takes nothing: used when the running Keycloak lacks the outbox this pack was built for. */
    private static final EventListenerProvider DISABLED = new EventListenerProvider() {
        @Override
        public void onEvent(org.keycloak.events.Event event) {
        }

        @Override
        public void onEvent(org.keycloak.events.admin.AdminEvent event, boolean includeRepresentation) {
        }

        @Override
        public void close() {
        }
    };

    /** The sinks of the running server (the admin REST resource reads and replaces them through it). */
    public static SinkStore sinkStore(KeycloakSession session) {
        return of(session).sinkStore;
    }

    @Override
    public void init(Config.Scope config) {
        allowPrivateSinks = config.getBoolean("allow-private-sinks", false);
        drainIntervalSeconds = config.getInt("drain-interval-seconds", 5);
        if (drainIntervalSeconds < 1 || drainIntervalSeconds > 300) {
            throw new IllegalArgumentException("--spi-events-listener--ciam-events--drain-interval-seconds must be 1 to 300");
        }
        retrySchedule = config.get("retry-schedule", RetrySchedule.STANDARD_WEBHOOKS);
        try {
            retryDelays = RetrySchedule.parse(retrySchedule);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--spi-events-listener--ciam-events--" + e.getMessage());
        }
        deliveredRetentionHours = bounded(config, "delivered-retention-hours", 24, 1, 24 * 90);
        deadLetterRetentionDays = bounded(config, "dead-letter-retention-days", 7, 1, 365);
        purgeBatchSize = bounded(config, "purge-batch-size", 500, 10, 10_000);
        deliveryThreads = bounded(config, "delivery-threads", 8, 1, 64);
        sinkConcurrency = bounded(config, "sink-concurrency", 4, 1, 32);
        batchSize = bounded(config, "batch-size", 200, 1, 1000);
        lingerMillis = bounded(config, "linger-millis", 20, 0, 1000);
        statusRefreshSeconds = bounded(config, "status-refresh-seconds", 60, 1, 86_400);
        useCompatibility(OutboxCompatibility.check(Version.VERSION));
    }

    /** Takes events only if the running Keycloak's outbox has the shape the pack was built for (see the log). */
    void useCompatibility(OutboxCompatibility.Result result) {
        compatibility = result;
        DeliveryReadiness.set(result.compatible() ? null : result.describe());
        if (!compatibility.compatible() && sessionFactory != null) {
            SinkPageStatus.off(sessionFactory, result.describe());
        }
        if (!compatibility.compatible()) {
            LOG.errorf("ciam-events is off: %s. No event is taken or delivered on this server; install the CIAM Pack "
                    + "release built for Keycloak %s.", compatibility.describe(), compatibility.running());
        } else if (!compatibility.running().equals(compatibility.builtWith())) {
            LOG.warnf("ciam-events: tested with Keycloak %s, running %s; the outbox it uses has the "
                    + "expected shape.", compatibility.builtWith(), compatibility.running());
        }
    }

    private static int bounded(Config.Scope config, String name, int defaultValue, int min, int max) {
        int value = config.getInt(name, defaultValue);
        if (value < min || value > max) {
            throw new IllegalArgumentException("--spi-events-listener--ciam-events--" + name + " must be " + min + " to " + max);
        }
        return value;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        sessionFactory = factory;
        if (!compatibility.compatible()) {
            factory.register(event -> {
                if (event instanceof PostMigrationEvent) {
                    SinkPageStatus.off(factory, compatibility.describe());
                }
            });
            return;
        }
        SinkDelivery handler = new SinkDelivery(allowPrivateSinks, kafka, sinkStore);
        sinkStore.evictRemovedRealms(factory);
        // A row may wait for its whole schedule, plus a day of Retry-After, before it counts as stale.
        java.time.Duration pendingMaxAge = RetrySchedule.total(retryDelays).plusDays(2);
        engine = new DeliveryEngine(deliveryThreads, lingerMillis);
        CiamDrainer drainer = new CiamDrainer(new OutboxConfig(OutboxRows.KIND, batchSize,
                new OutboxBackoff(retryDelays.size() + 1, retryDelays), java.time.Duration.ofDays(deadLetterRetentionDays),
                java.time.Duration.ofHours(deliveredRetentionHours), pendingMaxAge), handler, engine.pool(), sinkConcurrency,
                purgeBatchSize, java.time.Duration.ofSeconds(10), new BacklogGauges(),
                new SinkPageStatus(statusRefreshSeconds));
        factory.register(event -> {
            if (event instanceof org.keycloak.models.UserModel.UserRemovedEvent removed) {
                UserDeletion.onRemoved(removed.getKeycloakSession(), sinkStore, removed.getRealm(), removed.getUser());
            }
            if (event instanceof org.keycloak.models.RealmModel.RealmPostCreateEvent created) {
                sinkStore.dropRealmAttribute(created.getCreatedRealm());
            }
            if (event instanceof org.keycloak.models.RealmModel.RealmRemovedEvent removed) {
                // Realm removal deletes users without a user-removed event: their rows go with the realm.
                new OutboxRows(removed.getKeycloakSession()).deleteByRealm(OutboxRows.KIND, removed.getRealm().getId());
            }
            if (event instanceof PostMigrationEvent) {
                // The timer thread only asks for a run; the engine's own threads drain.
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class)
                        .scheduleTask(s -> engine.tick(), drainIntervalSeconds * 1000L, "ciam-events-webhook-drain"));
                engine.start(factory, drainer);
                dropRealmAttributes(factory);
                LOG.debugf("ciam-events: webhook drainer every %d s", drainIntervalSeconds);
            }
        });
    }

    /** The old sinks attribute of every realm, each realm in its own transaction; never stops the server. */
    private void dropRealmAttributes(KeycloakSessionFactory factory) {
        List<String> realms = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> session.realms()
                .getRealmsStream().filter(r -> r.getAttribute(SinksJson.LEGACY_REALM_ATTRIBUTE) != null)
                .map(org.keycloak.models.RealmModel::getId).toList());
        for (String realmId : realms) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, session ->
                        sinkStore.dropRealmAttribute(session.realms().getRealm(realmId)));
            } catch (RuntimeException e) {
                LOG.errorf("ciam-events: could not remove the old sinks attribute of realm %s: %s", realmId, e);
            }
        }
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("allow-private-sinks").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
                .helpText("Allow sink URLs resolving to loopback, link-local or private addresses.").add()
                .property().name("drain-interval-seconds").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("5")
                .helpText("How often each node drains due rows (1 to 300).").add()
                .property().name("retry-schedule").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(RetrySchedule.STANDARD_WEBHOOKS)
                .helpText("Delays between attempts (s, m, h; 1 s to 24 h each, at most 20), ±25 % jitter; "
                        + "dead letter after the last.").add()
                .property().name("delivered-retention-hours").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("24")
                .helpText("How long delivered rows are kept (1 to 2160).").add()
                .property().name("dead-letter-retention-days").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("7")
                .helpText("How long dead letters are kept for replay (1 to 365).").add()
                .property().name("delivery-threads").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("8")
                .helpText("Threads per node that send rows (1 to 64).").add()
                .property().name("sink-concurrency").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("4")
                .helpText("Requests in flight per sink and node (1 to 32); one person's rows stay in order.").add()
                .property().name("batch-size").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("200")
                .helpText("Rows claimed per transaction (1 to 1000).").add()
                .property().name("linger-millis").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("20")
                .helpText("How long a commit's rows wait for those of the next commits, to leave in one batch (0 to 1000 ms).")
                .add()
                .property().name("purge-batch-size").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("500")
                .helpText("Expired rows deleted per status and drain round (10 to 10000).").add()
                .property().name("status-refresh-seconds").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("60")
                .helpText("How often each node refreshes the status line of the admin console's sinks page "
                        + "(1 to 86400 s; a line is written only when it changed).").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new java.util.LinkedHashMap<>();
        info.put("keycloak-compatibility", compatibility.describe());
        info.put("allow-private-sinks", String.valueOf(allowPrivateSinks));
        info.put("drain-interval-seconds", String.valueOf(drainIntervalSeconds));
        info.put("retry-schedule", retrySchedule);
        info.put("delivered-retention-hours", String.valueOf(deliveredRetentionHours));
        info.put("dead-letter-retention-days", String.valueOf(deadLetterRetentionDays));
        info.put("purge-batch-size", String.valueOf(purgeBatchSize));
        info.put("delivery-threads", String.valueOf(deliveryThreads));
        info.put("sink-concurrency", String.valueOf(sinkConcurrency));
        info.put("status-refresh-seconds", String.valueOf(statusRefreshSeconds));
        info.put("batch-size", String.valueOf(batchSize));
        info.put("linger-millis", String.valueOf(lingerMillis));
        return info;
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
        kafka.close();
    }

    @Override
    public String getId() {
        return ID;
    }
}
