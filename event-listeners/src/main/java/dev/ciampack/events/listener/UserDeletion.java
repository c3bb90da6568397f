package dev.ciampack.events.listener;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.outbox.OutboxStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.OutboxEntryStatus;
import org.keycloak.services.Urls;

import dev.ciampack.events.envelope.CloudEvents;
import dev.ciampack.events.sinks.Sink;
import dev.ciampack.events.sinks.SinkStore;

/**
 * When a user is deleted (by themselves, an administrator or the admin API), in the deleting
 * transaction: their rows still waiting in the outbox are removed (nothing more about them leaves
 * Keycloak), and {@code user.deleted} is queued for every sink that takes it, so downstream systems
 * erase the person too. A self-deletion's own {@code DELETE_ACCOUNT} event is not queued again.
 */
final class UserDeletion {

    private UserDeletion() {
    }

    static void onRemoved(KeycloakSession session, RealmModel realm, UserModel user) {
        List<Sink> sinks = SinkStore.sinks(realm);
        if (sinks.isEmpty()) {
            return;
        }
        session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .createQuery("DELETE FROM OutboxEntryEntity e WHERE e.entryKind = :kind AND e.realmId = :realm "
                        + "AND e.metadata = :user AND e.status IN :queued")
                .setParameter("kind", EventsListenerFactory.WEBHOOK_KIND).setParameter("realm", realm.getId())
                .setParameter("user", user.getId()).setParameter("queued", OutboxEntryStatus.QUEUED).executeUpdate();
        String id = UUID.randomUUID().toString();
        String source = session.getContext().getUri() == null ? "/realms/" + realm.getName()
                : Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
        String payload = CloudEvents.envelope(id, source, "user.deleted", Instant.ofEpochSecond(Time.currentTime()),
                user.getId(), realm.getName(), null, Map.of());
        OutboxStore outbox = new OutboxStore(session);
        for (Sink sink : sinks) {
            if (sink.wants("user.deleted")) {
                // The listener skips DELETE_ACCOUNT, so this is the only user.deleted for the person.
                outbox.enqueuePending(EventsListenerFactory.WEBHOOK_KIND, realm.getId(),
                        EventsListener.owner(realm.getId(), sink.id()), null, id, "user.deleted", payload, null);
                EventMetrics.enqueued(realm.getName(), sink.id(), "user.deleted");
            }
        }
    }
}
