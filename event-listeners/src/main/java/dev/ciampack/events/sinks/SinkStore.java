package dev.ciampack.events.sinks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * A realm's sinks: its {@link SinkComponents} components (cached with the realm by Keycloak, the same on
 * every node), each parsed once per change rather than on every event. A stored sink that is not valid
 * (e.g. imported with no lawful basis) sends nothing, and the log says why once. One instance, held by
 * the {@code ciam-events} listener factory.
 */
public final class SinkStore {

    private static final Logger LOG = Logger.getLogger(SinkStore.class);

    /** A component's sink as last parsed (null when invalid, then {@code problem} says why), with its config. */
    private record Parsed(String realmId, MultivaluedHashMap<String, String> config, Sink sink, String problem) {
    }

    private final Map<String, Parsed> byComponent = new ConcurrentHashMap<>();

    /** The realm's valid sinks. */
    public List<Sink> sinks(RealmModel realm) {
        List<Sink> sinks = new ArrayList<>();
        components(realm).forEach(component -> {
            Sink sink = parsed(realm, component);
            if (sink != null) {
                sinks.add(sink);
            }
        });
        return sinks;
    }

    /** The realm's stored sinks that are not valid (they send nothing): id to what is wrong. */
    public Map<String, String> invalid(RealmModel realm) {
        Map<String, String> invalid = new java.util.LinkedHashMap<>();
        components(realm).forEach(component -> {
            if (parsed(realm, component) == null) {
                invalid.put(component.getName(), byComponent.get(component.getId()).problem());
            }
        });
        return invalid;
    }

    public Sink find(RealmModel realm, String id) {
        return sinks(realm).stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    /** Whether the realm has a sink component with this id, valid or not. */
    public boolean exists(RealmModel realm, String id) {
        return components(realm).anyMatch(c -> id.equals(c.get(SinkComponents.ID)));
    }

    /**
     * Replaces the realm's sinks (the REST API's PUT): changed ones updated, new ones added, others removed; returns
     * the ids of the sinks added, changed or removed (not those saved as they were).
     */
    public Set<String> replace(RealmModel realm, List<Sink> sinks) {
        Set<String> touched = new java.util.TreeSet<>();
        Map<String, ComponentModel> current = components(realm)
                .collect(Collectors.toMap(c -> String.valueOf(c.get(SinkComponents.ID)), c -> c, (a, b) -> a, HashMap::new));
        Set<String> wanted = sinks.stream().map(Sink::id).collect(Collectors.toSet());
        current.forEach((id, component) -> {
            if (!wanted.contains(id)) {
                touched.add(id);
                realm.removeComponent(component);
                byComponent.remove(component.getId());
            }
        });
        for (Sink sink : sinks) {
            ComponentModel component = current.get(sink.id());
            if (component == null) {
                component = new ComponentModel();
                component.setProviderType(SinkComponents.PROVIDER_TYPE);
                component.setProviderId(SinkComponents.PROVIDER_ID);
                component.setParentId(realm.getId());
                component.setName(sink.id());
                component.setConfig(SinkComponents.config(sink));
                realm.addComponentModel(component);
                touched.add(sink.id());
            } else {
                if (!sink.equals(parsed(realm, component))) {
                    touched.add(sink.id());
                }
                component.setConfig(SinkComponents.config(sink));
                realm.updateComponent(component);
            }
        }
        return touched;
    }

    /** Turns one sink off (e.g. its endpoint answered 410 Gone). */
    public void disable(RealmModel realm, String id) {
        components(realm).filter(c -> id.equals(c.get(SinkComponents.ID))).findFirst().ifPresent(component -> {
            component.getConfig().putSingle(SinkComponents.ENABLED, "false");
            realm.updateComponent(component);
        });
    }

    /** Forgets the parsed sinks of a realm when it is removed. */
    public void evictRemovedRealms(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                byComponent.values().removeIf(p -> p.realmId().equals(removed.getRealm().getId()));
            }
        });
    }

    /**
     * Removes the realm attribute in which an earlier release kept sinks (readable by any view-realm admin,
     * with their secrets). Its sinks are not carried over: any administrator with manage-realm may write a
     * realm attribute, so nothing in one may ever become a sink. The log names what it held (ids, types and
     * destinations, never secrets) so that an administrator can define them again.
     */
    public void dropRealmAttribute(RealmModel realm) {
        String raw = realm.getAttribute(SinksJson.LEGACY_REALM_ATTRIBUTE);
        if (raw == null) {
            return;
        }
        List<String> held = new ArrayList<>();
        try {
            for (var node : new com.fasterxml.jackson.databind.ObjectMapper().readTree(raw)) {
                held.add(node.path("id").asText("?") + " (" + node.path("type").asText(Sink.WEBHOOK) + ", "
                        + node.path("url").asText(node.path("bootstrapServers").toString()) + ")");
            }
        } catch (java.io.IOException | RuntimeException e) {
            held.add("unreadable");
        }
        realm.removeAttribute(SinksJson.LEGACY_REALM_ATTRIBUTE);
        LOG.errorf("Realm %s: removed realm attribute %s (sinks of an earlier release, whose secrets any view-realm "
                + "admin could read); its sinks are not used: %s. Define them again (admin console page ciam-event-sinks "
                + "or PUT .../ciam-events/sinks), with new secrets.", realm.getName(), SinksJson.LEGACY_REALM_ATTRIBUTE,
                held);
    }

    private static java.util.stream.Stream<ComponentModel> components(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), SinkComponents.PROVIDER_TYPE)
                .filter(c -> SinkComponents.PROVIDER_ID.equals(c.getProviderId()));
    }

    private Sink parsed(RealmModel realm, ComponentModel component) {
        Parsed cached = byComponent.get(component.getId());
        if (cached != null && cached.config().equals(component.getConfig())) {
            return cached.sink();
        }
        Sink sink = null;
        String problem = null;
        try {
            sink = SinkComponents.sink(component);
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
            LOG.errorf("Realm %s: sink '%s' is not valid and sends nothing: %s", realm.getName(), component.getName(),
                    problem);
        }
        byComponent.put(component.getId(),
                new Parsed(realm.getId(), new MultivaluedHashMap<>(component.getConfig()), sink, problem));
        return sink;
    }
}
