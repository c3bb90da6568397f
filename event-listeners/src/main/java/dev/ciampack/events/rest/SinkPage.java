package dev.ciampack.events.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.Urls;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

import dev.ciampack.common.ConsoleForms;
import dev.ciampack.events.envelope.CloudEvents;
import dev.ciampack.events.listener.EventsListenerFactory;
import dev.ciampack.events.outbox.OutboxRows;
import dev.ciampack.events.outbox.SinkStatus;
import dev.ciampack.events.sinks.Sink;
import dev.ciampack.events.sinks.SinkComponents;

/**
 * The admin console page {@code ciam-event-sinks}: a realm's sinks, one realm component each (see
 * {@link SinkComponents} for the fields, their one validation and who may save). The list shows each sink's status
 * line, refreshed by the server about once a minute ({@code SinkPageStatus}) and on every save; the form's
 * <em>Run on save</em> does what the sinks REST API's retry-now, replay and ping do, and the status line says what it
 * did.
 */
public final class SinkPage implements UiPageProviderFactory<ComponentModel> {

    @Override
    public String getId() {
        return SinkComponents.PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return ConsoleForms.help(SinkComponents.PROVIDER_ID);
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return SinkComponents.properties();
    }

    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(SinkComponents.ID, "type", SinkComponents.STATUS));
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        boolean page = SinkComponents.validate(session, realm, model);
        if (!page) {
            return; // the server's own writes (status refresh, a 410 disabling a sink), imports: kept as they are
        }
        Sink sink = SinkComponents.sink(model);
        String action = model.get(SinkComponents.ACTION, SinkComponents.NO_ACTION);
        ComponentModel stored = model.getId() == null ? null : realm.getComponent(model.getId());
        String done = null;
        if (SinkComponents.ACTIONS.contains(action)) {
            done = stored == null ? action + ": not run, the sink is new (save it first)" : run(session, realm, sink, action);
        } else if (!SinkComponents.NO_ACTION.equals(action) && !action.isBlank()) {
            throw dev.ciampack.common.ConsoleForms.refusal("action must be one of " + SinkComponents.NO_ACTION + ", "
                    + String.join(", ", SinkComponents.ACTIONS) + " (got '" + action + "')");
        }
        if (stored == null || !sink.equals(storedSink(stored))) {
            // As the sinks REST API: a sink added or changed starts without the pause its former self asked for.
            dev.ciampack.events.outbox.SinkPause.resume(session, realm.getId(), sink.id());
        }
        String line = stored == null ? "new: nothing sent yet"
                : SinkStatus.line(session, realm.getId(), sink.id(), sink.enabled());
        model.getConfig().putSingle(SinkComponents.STATUS, done == null ? line : done + " · " + line);
        model.getConfig().putSingle(SinkComponents.ACTION, SinkComponents.NO_ACTION);
    }

    /** The action, as the sinks REST API does it; answers what was done. */
    private static String run(KeycloakSession session, RealmModel realm, Sink sink, String action) {
        OutboxRows rows = new OutboxRows(session);
        // Whatever the sink asked (Retry-After), an admin's action sends now.
        dev.ciampack.events.outbox.SinkPause.resume(session, realm.getId(), sink.id());
        String done;
        switch (action) {
            case "retry-now" -> done = "retry-now: " + rows.retryNow(realm.getId(), sink.id()) + " due at once";
            case "replay-dead-letters" -> done = "replay-dead-letters: " + rows.replay(realm.getId(), sink.id())
                    + " back in the queue";
            default -> {
                if (!sink.enabled()) {
                    return "ping: not sent, the sink is disabled";
                }
                String eventId = UUID.randomUUID().toString();
                String source = Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
                rows.enqueue(realm.getId(), sink.id(), eventId, CloudEvents.PING,
                        CloudEvents.ping(eventId, source, Instant.now(), realm.getName(), sink.id()), null);
                done = "ping: queued as " + eventId;
            }
        }
        EventsListenerFactory.wakeAfterCommit(session);
        return done;
    }

    /** The stored sink, or null when what is stored is not a valid sink. */
    private static Sink storedSink(ComponentModel stored) {
        try {
            return SinkComponents.sink(stored);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        SinkComponents.checkRemoval(session, realm);
        // A sink created again with this id is a new one: it does not inherit a pause (Retry-After) of this one.
        String id = model.get(SinkComponents.ID);
        if (id != null) {
            dev.ciampack.events.outbox.SinkPause.resume(session, realm.getId(), id);
        }
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
