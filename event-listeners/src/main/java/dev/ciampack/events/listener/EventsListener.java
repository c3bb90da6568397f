package dev.ciampack.events.listener;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.Urls;

import dev.ciampack.consent.spi.ConsentProvider;
import dev.ciampack.events.envelope.CloudEvents;
import dev.ciampack.events.outbox.OutboxRows;
import dev.ciampack.events.outbox.SinkPause;
import dev.ciampack.events.sinks.Sink;
import dev.ciampack.events.sinks.SinkStore;

/** Writes one outbox row per (event, sink) in the operation's transaction; no network I/O here. */
public final class EventsListener implements EventListenerProvider {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(EventsListener.class);

    private final KeycloakSession session;
    private final SinkStore sinkStore;

    EventsListener(KeycloakSession session, SinkStore sinkStore) {
        this.session = session;
        this.sinkStore = sinkStore;
    }

    @Override
    public void onEvent(Event event) {
        String type = CloudEvents.typeOf(event);
        if (type == null || event.getUserId() == null || event.getError() != null) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm != null) {
            Map<String, Object> extra = new LinkedHashMap<>(CloudEvents.extraData(event));
            // Read the session only when a sink takes sign-ins (most realms' sinks take other types too).
            if ("user.logged_in".equals(type) && sinkStore.sinks(realm).stream().anyMatch(s -> s.wants(type))) {
                extra.putAll(signIn(realm, event));
            }
            String eventId = event.getId();
            long time = event.getTime();
            String userId = event.getUserId();
            String clientId = event.getClientId();
            whenTraitsSettle(session, type, () -> enqueue(session, sinkStore, realm, type, eventId, time, userId, clientId,
                    extra));
        }
    }

    private static final String DEFERRED = EventsListener.class.getName() + ".deferred";

    /**
     * Runs {@code enqueue} now, or for the types whose traits are the profile as changed ({@code user.registered},
     * {@code user.profile_updated}) just before the transaction commits: other listeners and steps may still change
     * the person in the same transaction (the pack's segments follow a profile update at once), and the sink should
     * get the profile as committed. Deferred events go in the order they happened; a person deleted in between gets
     * none (they no longer exist when the row would be written).
     */
    static void whenTraitsSettle(KeycloakSession session, String type, Runnable enqueue) {
        boolean profile = "user.registered".equals(type) || "user.profile_updated".equals(type);
        if (!profile || !session.getTransactionManager().isActive()) {
            enqueue.run();
            return;
        }
        @SuppressWarnings("unchecked")
        List<Runnable> deferred = (List<Runnable>) session.getAttribute(DEFERRED);
        if (deferred == null) {
            List<Runnable> tasks = new java.util.ArrayList<>();
            session.setAttribute(DEFERRED, tasks);
            session.getTransactionManager().enlistPrepare(new org.keycloak.models.AbstractKeycloakTransaction() {
                @Override
                protected void commitImpl() {
                    session.removeAttribute(DEFERRED);
                    tasks.forEach(Runnable::run);
                }

                @Override
                protected void rollbackImpl() {
                    session.removeAttribute(DEFERRED);
                }
            });
            deferred = tasks;
        }
        deferred.add(enqueue);
        // Asked now: enlisting after-completion work from inside the commit is not something to rely on.
        EventsListenerFactory.wakeAfterCommit(session);
    }

    /** {@code method}, {@code methods} and {@code sessionType} of a sign-in (see {@link SignInMethod}). */
    private Map<String, Object> signIn(RealmModel realm, Event event) {
        org.keycloak.models.UserSessionModel userSession = event.getSessionId() == null ? null
                : session.sessions().getUserSession(realm, event.getSessionId());
        Map<String, Integer> completed = Map.of();
        int started = 0;
        boolean sso = false;
        if (userSession != null) {
            started = userSession.getStarted();
            String note = userSession.getNote(COMPLETED_EXECUTIONS);
            if (note != null) {
                try {
                    completed = org.keycloak.authentication.authenticators.util.AuthenticatorUtils
                            .parseCompletedExecutions(note);
                } catch (RuntimeException e) {
                    completed = Map.of();
                }
            }
            org.keycloak.models.ClientModel client = event.getClientId() == null ? null
                    : realm.getClientByClientId(event.getClientId());
            org.keycloak.models.AuthenticatedClientSessionModel clientSession = client == null ? null
                    : userSession.getAuthenticatedClientSessionByClient(client.getId());
            sso = clientSession != null
                    && org.keycloak.services.managers.AuthenticationManager.isSSOAuthentication(clientSession);
        }
        String provider = event.getDetails() == null ? null
                : event.getDetails().get(org.keycloak.events.Details.IDENTITY_PROVIDER);
        SignInMethod.Described described = SignInMethod.describe(completed, started, executionId -> {
            org.keycloak.models.AuthenticationExecutionModel execution = realm.getAuthenticationExecutionById(executionId);
            return execution == null ? null : execution.getAuthenticator();
        }, sso, provider);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("method", described.method());
        data.put("methods", described.methods());
        data.put("sessionType", described.sessionType());
        return data;
    }

    /** Keycloak's user session note of the executions completed, with the second each completed. */
    static final String COMPLETED_EXECUTIONS = "authenticators-completed";

    /**
     * Admin API changes to users become the same events as self-service ones: creating a user is
     * {@code user.registered}, updating one {@code user.profile_updated} (deletion is
     * {@link UserDeletion}'s). Sub-resources (roles, groups, credentials...) are not profile changes.
     */
    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getResourceType() != ResourceType.USER || event.getError() != null || event.getResourcePath() == null) {
            return;
        }
        String[] path = event.getResourcePath().split("/");
        if (path.length != 2 || !"users".equals(path[0])) {
            return;
        }
        String type = switch (event.getOperationType()) {
            case CREATE -> "user.registered";
            case UPDATE -> "user.profile_updated";
            default -> null;
        };
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (type != null && realm != null) {
            String eventId = event.getId();
            long time = event.getTime();
            whenTraitsSettle(session, type, () -> enqueue(session, sinkStore, realm, type, eventId, time, path[1], null,
                    Map.of()));
        }
    }

    /**
     * Queues one event for every sink of the realm that wants it and may receive it on its lawful basis
     * (see {@link #allowed}; notices by {@link #hears}), traits limited to the sink's allow-list (none on
     * notices).
     */
    static void enqueue(KeycloakSession session, SinkStore sinkStore, RealmModel realm, String type, String eventId,
                        long timeMillis, String userId, String clientId, Map<String, ?> extra) {
        List<Sink> sinks = sinkStore.sinks(realm);
        if (sinks.isEmpty()) {
            return;
        }
        OutboxRows outbox = new OutboxRows(session);
        String purpose = extra.get("purpose") instanceof String p ? p : null;
        if ("consent.withdrawn".equals(type) && purpose != null) {
            // In the withdrawing transaction: the person's rows still queued for the sinks serving the
            // withdrawn purpose go (notices stay: they are sent whatever the consent).
            outbox.deleteQueued(realm.getId(), sinks.stream().filter(s -> s.purposes().contains(purpose))
                    .map(Sink::id).toList(), userId, CloudEvents.NOTICE_TYPES);
        }
        List<Sink> takers = sinks.stream().filter(s -> s.wants(type)).toList();
        if (takers.isEmpty()) {
            // Most sign-ins of a realm whose sinks take other types end here: no user, consent or outbox work.
            return;
        }
        boolean notice = CloudEvents.isNotice(type);
        // A grant goes only where the person's whole basis now holds, so the user is read for it too.
        UserModel user = notice && !"consent.granted".equals(type) ? null : session.users().getUserById(realm, userId);
        ConsentProvider consent = session.getProvider(ConsentProvider.class);
        String source = session.getContext().getUri() == null ? "/realms/" + realm.getName()
                : Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
        java.util.Set<String> multivalued = null;
        List<OutboxRows.Queued> queued = new java.util.ArrayList<>();
        for (Sink sink : takers) {
            if (notice ? !hears(consent, realm, user, sink, type, purpose)
                    : !allowed(consent, realm, user, sink)) {
                continue;
            }
            Map<String, Object> traits = new LinkedHashMap<>();
            if (user != null && !notice) {
                for (String attribute : sink.attributes()) {
                    if (multivalued == null) {
                        multivalued = multivaluedAttributes(session);
                    }
                    if (multivalued.contains(attribute)) {
                        // Every value of an attribute User Profile declares multivalued, in stored order.
                        List<String> values = user.getAttributeStream(attribute).filter(v -> v != null).toList();
                        if (!values.isEmpty()) {
                            traits.put(attribute, values);
                        }
                        continue;
                    }
                    String value = user.getFirstAttribute(attribute);
                    if (value != null) {
                        traits.put(attribute, value);
                    }
                }
            }
            Map<String, ?> sinkExtra = forSink(extra, sink);
            String payload = CloudEvents.envelope(eventId, source, type, Instant.ofEpochMilli(timeMillis), userId,
                    realm.getName(), clientId, traits, sinkExtra);
            // A sink that asked to be left alone (Retry-After) gets the row due when its pause ends: the drain would
            // only claim it to put it off until then.
            Instant paused = pausedUntil(session, OutboxRows.owner(realm.getId(), sink.id()));
            queued.add(new OutboxRows.Queued(sink.id(), eventId, type, payload, userId, paused));
            EventMetrics.enqueued(realm.getName(), sink.id(), type);
            if (paused != null) {
                EventMetrics.delivery(realm.getName(), sink.id(), "deferred");
            }
        }
        if (!queued.isEmpty()) {
            outbox.enqueue(realm.getId(), queued);
            EventsListenerFactory.wakeAfterCommit(session);
        }
    }

    /**
     * Until when the sink is paused, or null when it is not, or when the pause cannot be read: the row is then written
     * due now and the drain, which reads the pause again before it sends anything (and sends nothing while it cannot
     * read it), puts it off. Thrown on, the error would lose the event: Keycloak logs and drops what a listener throws,
     * and the sign-in's transaction commits without the row.
     */
    private static Instant pausedUntil(KeycloakSession session, String owner) {
        try {
            return SinkPause.until(session, owner);
        } catch (RuntimeException e) {
            LOG.debugf("ciam-events: the pause of %s could not be read (%s); the drain checks it again", owner,
                    e.getClass().getSimpleName());
            return null;
        }
    }

    /** A Segment sink's categories: each category true when the person may be used for its purpose (current grant). */
    static Map<String, Boolean> consentCategories(ConsentProvider consent, RealmModel realm, UserModel user, Sink sink) {
        Map<String, Boolean> categories = new java.util.TreeMap<>();
        sink.consentCategories().forEach((purpose, category) -> categories.merge(category,
                consent != null && consent.mayUse(realm, user, purpose), Boolean::logicalAnd));
        return categories;
    }

    /**
     * The extra data as one sink may see it: a profile update's old and new values only for the attributes in
     * the sink's allow-list (the names of every changed attribute stay in {@code changed}).
     */
    static Map<String, ?> forSink(Map<String, ?> extra, Sink sink) {
        if (!(extra.get(CloudEvents.CHANGES) instanceof Map<?, ?> changes)) {
            return extra;
        }
        Map<String, Object> allowed = new LinkedHashMap<>();
        changes.forEach((name, change) -> {
            if (sink.attributes().contains(name)) {
                allowed.put((String) name, change);
            }
        });
        Map<String, Object> copy = new LinkedHashMap<>(extra);
        if (allowed.isEmpty()) {
            copy.remove(CloudEvents.CHANGES);
        } else {
            copy.put(CloudEvents.CHANGES, allowed);
        }
        return copy;
    }

    /** The attributes the realm's User Profile declares multivalued (their traits are lists). */
    private static java.util.Set<String> multivaluedAttributes(KeycloakSession session) {
        try {
            org.keycloak.representations.userprofile.config.UPConfig config = session
                    .getProvider(org.keycloak.userprofile.UserProfileProvider.class).getConfiguration();
            return config.getAttributes().stream().filter(a -> a.isMultivalued())
                    .map(org.keycloak.representations.userprofile.config.UPAttribute::getName)
                    .collect(java.util.stream.Collectors.toSet());
        } catch (RuntimeException e) {
            return java.util.Set.of();
        }
    }

    /**
     * Whether a person's events may go to a sink: the person exists, and on basis consent they granted
     * every purpose the sink lists; on another basis (stated with a justification) whatever they chose.
     */
    static boolean allowed(ConsentProvider consent, RealmModel realm, UserModel user, Sink sink) {
        if (user == null) {
            return false;
        }
        if (!sink.byConsent()) {
            return true;
        }
        return consent != null && sink.purposes().stream().allMatch(p -> consent.mayUse(realm, user, p));
    }

    /**
     * Notices reach the sinks that take their type whatever the person's consent now is (a withdrawal and
     * an erasure must be heard), except a grant, which goes only to the consent sinks that serve its purpose
     * and whose whole basis the person now grants (a sink needing two purposes learns nothing of a person
     * who granted one).
     */
    static boolean hears(ConsentProvider consent, RealmModel realm, UserModel user, Sink sink, String type,
                         String purpose) {
        return !"consent.granted".equals(type)
                || (sink.byConsent() && sink.purposes().contains(purpose) && allowed(consent, realm, user, sink));
    }

    @Override
    public void close() {
    }
}
