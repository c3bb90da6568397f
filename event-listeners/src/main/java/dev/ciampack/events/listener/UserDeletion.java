package dev.ciampack.events.listener;

import java.util.Map;
import java.util.UUID;

import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.OutboxEntryStatus;

import dev.ciampack.events.sinks.SinkStore;

/**
 * When a user is deleted (by themselves, an administrator or the admin API), in the deleting
 * transaction: their rows still waiting in the outbox are removed (nothing more about them leaves
 * Keycloak), and {@code user.deleted} is queued for every sink that takes it, so downstream systems
 * erase the person too.
 */
final class UserDeletion {

    private UserDeletion() {
    }

    static void onRemoved(KeycloakSession session, RealmModel realm, UserModel user) {
        if (SinkStore.sinks(realm).isEmpty()) {
            return;
        }
        session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .createQuery("DELETE FROM OutboxEntryEntity e WHERE e.entryKind = :kind AND e.realmId = :realm "
                        + "AND e.metadata = :user AND e.status IN :queued")
                .setParameter("kind", EventsListenerFactory.WEBHOOK_KIND).setParameter("realm", realm.getId())
                .setParameter("user", user.getId()).setParameter("queued", OutboxEntryStatus.QUEUED).executeUpdate();
        EventsListener.enqueue(session, realm, "user.deleted", UUID.randomUUID().toString(), Time.currentTimeMillis(),
                user.getId(), null, Map.of());
    }
}
