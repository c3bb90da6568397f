package dev.ciampack.events.listener;

import java.util.Map;
import java.util.UUID;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.ciampack.events.outbox.OutboxRows;
import dev.ciampack.events.sinks.SinkStore;

/**
 * When a user is deleted (by themselves, an administrator or the admin API), in the deleting
 * transaction: every outbox row of theirs is removed, queued, dead-lettered or delivered, whatever the
 * realm's sinks are now (nothing more about them leaves Keycloak, and no replay can send it), and
 * {@code user.deleted} is queued for every sink that takes it, so downstream systems erase the person too.
 */
final class UserDeletion {

    private UserDeletion() {
    }

    static void onRemoved(KeycloakSession session, SinkStore sinkStore, RealmModel realm, UserModel user) {
        new OutboxRows(session).deleteAllOf(realm.getId(), user.getId());
        EventsListener.enqueue(session, sinkStore, realm, "user.deleted", UUID.randomUUID().toString(),
                Time.currentTimeMillis(), user.getId(), null, Map.of());
    }
}
