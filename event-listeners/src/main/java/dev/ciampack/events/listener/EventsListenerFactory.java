package dev.ciampack.events.listener;

import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.outbox.OutboxBackoff;
import org.keycloak.events.outbox.OutboxConfig;
import org.keycloak.events.outbox.OutboxDrainerTask;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.timer.TimerProvider;

/**
 * {@code ciam-events}: enable it in a realm's event listeners. User events become CloudEvents rows in
 * Keycloak's transactional outbox, one per matching sink, in the operation's own transaction; a
 * drainer scheduled on every node (rows are claimed with SKIP LOCKED) delivers them after commit.
 */
public final class EventsListenerFactory implements EventListenerProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "ciam-events";
    public static final String WEBHOOK_KIND = "ciam-webhook";
    private static final Logger LOG = Logger.getLogger(EventsListenerFactory.class);

    private boolean allowPrivateSinks;
    private int drainIntervalSeconds;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new EventsListener(session);
    }

    @Override
    public void init(Config.Scope config) {
        allowPrivateSinks = config.getBoolean("allow-private-sinks", false);
        drainIntervalSeconds = config.getInt("drain-interval-seconds", 5);
        if (drainIntervalSeconds < 1 || drainIntervalSeconds > 300) {
            throw new IllegalArgumentException("--spi-events-listener--ciam-events--drain-interval-seconds must be 1 to 300");
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        SinkDelivery handler = new SinkDelivery(allowPrivateSinks);
        OutboxDrainerTask drainer = new CiamDrainer(new OutboxConfig(WEBHOOK_KIND, 20, new OutboxBackoff(),
                java.time.Duration.ofDays(7), java.time.Duration.ofDays(1), java.time.Duration.ofDays(3)), handler);
        factory.register(event -> {
            if (event instanceof org.keycloak.models.UserModel.UserRemovedEvent removed) {
                UserDeletion.onRemoved(removed.getKeycloakSession(), removed.getRealm(), removed.getUser());
            }
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class)
                        .scheduleTask(drainer, drainIntervalSeconds * 1000L, "ciam-events-webhook-drain"));
                LOG.debugf("ciam-events: webhook drainer every %d s", drainIntervalSeconds);
            }
        });
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("allow-private-sinks").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
                .helpText("Allow sink URLs resolving to loopback, link-local or private addresses.").add()
                .property().name("drain-interval-seconds").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("5")
                .helpText("How often each node drains due rows (1 to 300).").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("allow-private-sinks", String.valueOf(allowPrivateSinks),
                "drain-interval-seconds", String.valueOf(drainIntervalSeconds));
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
