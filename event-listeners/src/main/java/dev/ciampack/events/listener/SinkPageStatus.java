package dev.ciampack.events.listener;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.ciampack.events.outbox.SinkStatus;
import dev.ciampack.events.sinks.SinkComponents;

/**
 * Keeps the status line of each sink on the admin console's sinks page current: on a housekeeping run, at most once
 * per {@code status-refresh-seconds}, each sink whose line changed gets it written into its component (the page lists
 * components, so the line has to be there). A line only changes with counts, the coarse age of the oldest pending
 * row or the last error, so a quiet sink is not written at all; each write is a realm-cache invalidation, as any
 * admin change. Every node refreshes; a line another node wrote already is left alone.
 */
final class SinkPageStatus {

    private static final Logger LOG = Logger.getLogger(SinkPageStatus.class);

    private final long intervalMillis;
    private final AtomicLong last = new AtomicLong();

    SinkPageStatus(int intervalSeconds) {
        this.intervalMillis = intervalSeconds * 1000L;
    }

    /**
     * Writes on every sink's status line that this server delivers nothing, and why (its Keycloak's outbox is not the
     * one the pack needs): the sinks page then says so where an administrator looks.
     */
    static void off(KeycloakSessionFactory factory, String reason) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> forEachSink(session,
                (realm, component) -> write(realm, component, "Delivery is off on this server: " + reason)));
    }

    private static void forEachSink(KeycloakSession session, BiConsumer<RealmModel, ComponentModel> action) {
        session.realms().getRealmsStream().forEach(realm -> realm
                .getComponentsStream(realm.getId(), SinkComponents.PROVIDER_TYPE)
                .filter(c -> SinkComponents.PROVIDER_ID.equals(c.getProviderId())).toList()
                .forEach(component -> action.accept(realm, component)));
    }

    void refresh(KeycloakSession session) {
        long now = System.currentTimeMillis();
        long previous = last.get();
        if (now - previous < intervalMillis || !last.compareAndSet(previous, now)) {
            return;
        }
        forEachSink(session, (realm, component) -> refresh(session, realm, component));
    }

    private static void refresh(KeycloakSession session, RealmModel realm, ComponentModel component) {
        String sinkId = component.get(SinkComponents.ID);
        if (sinkId == null) {
            return;
        }
        String line = SinkStatus.line(session, realm.getId(), sinkId,
                Boolean.parseBoolean(component.get(SinkComponents.ENABLED, "true")));
        if (line.equals(component.get(SinkComponents.STATUS))) {
            return;
        }
        write(realm, component, line);
    }

    private static void write(RealmModel realm, ComponentModel component, String line) {
        String sinkId = component.get(SinkComponents.ID);
        ComponentModel updated = new ComponentModel(component);
        updated.getConfig().putSingle(SinkComponents.STATUS, line);
        try {
            realm.updateComponent(updated);
        } catch (ModelException | IllegalArgumentException e) {
            // A stored sink that no longer validates sends nothing (see SinkStore) and keeps its old line.
            LOG.debugf("ciam-events: status of sink '%s' in realm '%s' not written: %s", sinkId, realm.getName(),
                    e.getMessage());
        }
    }
}
