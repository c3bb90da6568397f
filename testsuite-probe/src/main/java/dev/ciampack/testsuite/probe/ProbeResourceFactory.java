package dev.ciampack.testsuite.probe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.Config;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.OutboxEntryEntity;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;
import org.keycloak.util.JsonSerialization;

/**
 * Test servers only. {@code POST /realms/{realm}/ciam-test-probe/age-outbox?hours=N[&sink=ID][&step-minutes=M]}
 * makes the realm's outbox rows older (retention tests); {@code GET .../outbox[?sink=ID]} lists them.
 * {@code POST /realms/{realm}/ciam-test-probe/login-event?user=ID[&fail=true]}: fires a {@code LOGIN} event
 * for the user through the realm's event listeners, exactly as a sign-in does, then either lets the
 * request commit or throws, so Keycloak rolls the request's transaction back (answer 500). Only with
 * the header {@code X-Probe-Token} equal to the server's {@code CIAM_TEST_PROBE_TOKEN} environment
 * variable; without that variable the endpoint does not exist. Test servers only.
 */
public final class ProbeResourceFactory implements RealmResourceProviderFactory {

    static final String TOKEN = System.getenv("CIAM_TEST_PROBE_TOKEN");

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new Probe(session);
            }

            @Override
            public void close() {
            }
        };
    }

    public static final class Probe {
        private final KeycloakSession session;

        Probe(KeycloakSession session) {
            this.session = session;
        }

        private static void requireToken(String token) {
            if (TOKEN == null || TOKEN.length() < 32 || token == null || !MessageDigest.isEqual(
                    TOKEN.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
                throw new NotFoundException();
            }
        }

        /**
         * {@code POST .../age-outbox?hours=N[&sink=ID][&step-minutes=M]}: the realm's outbox rows (only sink
         * {@code ID}'s with {@code sink}) look older (created and delivered times), so retention can be tested
         * without waiting days. Without {@code step-minutes} every row is made N hours old; with it the rows,
         * oldest first, get distinct ages: the k-th of n is N hours and (n-1-k)·M minutes old, so their order
         * is kept and made unambiguous. Answers how many rows and their ids, oldest first.
         */
        @POST
        @Path("age-outbox")
        @Produces(MediaType.APPLICATION_JSON)
        public Response ageOutbox(@HeaderParam("X-Probe-Token") String token, @QueryParam("hours") int hours,
                                  @QueryParam("sink") String sink, @QueryParam("step-minutes") int stepMinutes)
                throws java.io.IOException {
            requireToken(token);
            java.time.Instant old = java.time.Instant.now().minus(java.time.Duration.ofHours(hours));
            List<OutboxEntryEntity> rows = rows(sink);
            List<String> ids = new ArrayList<>();
            for (int k = 0; k < rows.size(); k++) {
                OutboxEntryEntity row = rows.get(k);
                java.time.Instant aged = old.minus(java.time.Duration.ofMinutes((long) (rows.size() - 1 - k) * stepMinutes));
                row.setCreatedAt(aged);
                if (row.getDeliveredAt() != null) {
                    row.setDeliveredAt(aged);
                }
                ids.add(row.getId());
            }
            return Response.ok(JsonSerialization.writeValueAsString(Map.of("aged", rows.size(), "ids", ids))).build();
        }

        /**
         * {@code POST .../pause-note?sink=ID&until=TEXT&seconds=N}: writes the single-use object in which the pack
         * keeps sink {@code ID}'s {@code Retry-After} pause, with {@code TEXT} as its end (epoch milliseconds, or
         * anything else for an entry that cannot be read), for {@code N} seconds.
         */
        @POST
        @Path("pause-note")
        public Response pauseNote(@HeaderParam("X-Probe-Token") String token, @QueryParam("sink") String sink,
                                  @QueryParam("until") String until, @QueryParam("seconds") long seconds) {
            requireToken(token);
            session.getProvider(org.keycloak.models.SingleUseObjectProvider.class).put("ciam-events.pause."
                    + session.getContext().getRealm().getId() + ":" + sink, seconds, Map.of("until", until));
            return Response.noContent().build();
        }

        /**
         * {@code POST .../outbox-mismatch?missing=MEMBER}: makes {@code ciam-events} behave as on a Keycloak whose
         * outbox lacks {@code MEMBER} (what its start-up check finds there), without such a Keycloak: the check's
         * result is handed to the listener factory as its start-up would. Without {@code missing}: the real check of
         * this server again. Reflection, as the pack's classes are not this module's API.
         */
        @POST
        @Path("outbox-mismatch")
        public Response outboxMismatch(@HeaderParam("X-Probe-Token") String token, @QueryParam("missing") String missing)
                throws ReflectiveOperationException {
            requireToken(token);
            Object factory = session.getKeycloakSessionFactory()
                    .getProviderFactory(org.keycloak.events.EventListenerProvider.class, "ciam-events");
            ClassLoader loader = factory.getClass().getClassLoader();
            Class<?> compatibility = Class.forName("dev.ciampack.events.outbox.OutboxCompatibility", true, loader);
            Class<?> result = Class.forName("dev.ciampack.events.outbox.OutboxCompatibility$Result", true, loader);
            Object outcome;
            if (missing == null || missing.isBlank()) {
                outcome = compatibility.getMethod("check", String.class).invoke(null, org.keycloak.common.Version.VERSION);
            } else {
                String builtWith = (String) compatibility.getField("BUILT_WITH").get(null);
                outcome = result.getConstructor(String.class, String.class, List.class)
                        .newInstance(org.keycloak.common.Version.VERSION, builtWith, List.of(missing));
            }
            var use = factory.getClass().getDeclaredMethod("useCompatibility", result);
            use.setAccessible(true);
            use.invoke(factory, outcome);
            return Response.noContent().build();
        }

        /**
         * {@code GET .../outbox[?sink=ID]}: the realm's outbox rows (only sink {@code ID}'s with {@code sink}),
         * oldest first: id, event id, type, user, status, attempts, and created, next-attempt and delivered times
         * (epoch milliseconds). Lets tests see which rows a purge removed and whether a row is parked.
         */
        @GET
        @Path("outbox")
        @Produces(MediaType.APPLICATION_JSON)
        public Response outbox(@HeaderParam("X-Probe-Token") String token, @QueryParam("sink") String sink)
                throws java.io.IOException {
            requireToken(token);
            List<Map<String, Object>> listed = new ArrayList<>();
            for (OutboxEntryEntity row : rows(sink)) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("id", row.getId());
                item.put("correlationId", row.getCorrelationId());
                item.put("type", row.getEntryType());
                item.put("user", row.getMetadata());
                item.put("status", row.getStatus().name());
                item.put("attempts", row.getAttempts());
                item.put("createdAt", millis(row.getCreatedAt()));
                item.put("nextAttemptAt", millis(row.getNextAttemptAt()));
                item.put("deliveredAt", millis(row.getDeliveredAt()));
                listed.add(item);
            }
            return Response.ok(JsonSerialization.writeValueAsString(listed)).build();
        }

        /**
         * {@code GET .../outbox-indexes}: the names of the indexes on Keycloak's {@code OUTBOX_ENTRY} table, upper
         * case, as the database's JDBC metadata lists them (Keycloak's and those the pack adds).
         */
        @GET
        @Path("outbox-indexes")
        @Produces(MediaType.APPLICATION_JSON)
        public Response outboxIndexes(@HeaderParam("X-Probe-Token") String token) throws java.io.IOException {
            requireToken(token);
            var em = session.getProvider(org.keycloak.connections.jpa.JpaConnectionProvider.class).getEntityManager();
            java.util.Set<String> names = new java.util.TreeSet<>();
            em.unwrap(org.hibernate.Session.class).doWork(connection -> {
                var meta = connection.getMetaData();
                for (String table : List.of("OUTBOX_ENTRY", "outbox_entry")) {
                    try (var indexes = meta.getIndexInfo(connection.getCatalog(), null, table, false, true)) {
                        while (indexes.next()) {
                            if (indexes.getString("INDEX_NAME") != null) {
                                names.add(indexes.getString("INDEX_NAME").toUpperCase(java.util.Locale.ROOT));
                            }
                        }
                    }
                }
            });
            return Response.ok(JsonSerialization.writeValueAsString(names)).build();
        }

        /** The realm's rows, or one sink's (outbox owner {@code realmId:sinkId}, as the events module writes it), oldest first. */
        private List<OutboxEntryEntity> rows(String sink) {
            var em = session.getProvider(org.keycloak.connections.jpa.JpaConnectionProvider.class).getEntityManager();
            String realmId = session.getContext().getRealm().getId();
            var query = em.createQuery("SELECT e FROM OutboxEntryEntity e WHERE e.realmId = :realm"
                    + (sink == null ? "" : " AND e.ownerId = :owner") + " ORDER BY e.createdAt, e.id", OutboxEntryEntity.class)
                    .setParameter("realm", realmId);
            if (sink != null) {
                query.setParameter("owner", realmId + ":" + sink);
            }
            return query.getResultList();
        }

        private static Long millis(java.time.Instant instant) {
            return instant == null ? null : instant.toEpochMilli();
        }

        /**
         * {@code POST .../login-event?user=ID[&fail=true]}: see the class comment. With {@code event-id=E} instead,
         * the {@code ciam-events} listener is handed a {@code LOGIN} event with that id {@code times} times (default
         * 1) in this request's transaction, as a listener that saw one event twice would be: for the outbox's
         * one-row-per-event-and-sink rule.
         */
        @POST
        @Path("login-event")
        public Response loginEvent(@HeaderParam("X-Probe-Token") String token, @QueryParam("user") String userId,
                                   @QueryParam("fail") boolean fail, @QueryParam("event-id") String eventId,
                                   @QueryParam("times") @jakarta.ws.rs.DefaultValue("1") int times) {
            requireToken(token);
            RealmModel realm = session.getContext().getRealm();
            UserModel user = userId == null ? null : session.users().getUserById(realm, userId);
            if (user == null) {
                return Response.status(400).entity("no such user").build();
            }
            if (eventId != null) {
                org.keycloak.events.Event event = new org.keycloak.events.Event();
                event.setId(eventId);
                event.setTime(System.currentTimeMillis());
                event.setType(EventType.LOGIN);
                event.setRealmId(realm.getId());
                event.setClientId("probe");
                event.setUserId(user.getId());
                var listener = session.getProvider(org.keycloak.events.EventListenerProvider.class, "ciam-events");
                for (int k = 0; k < times; k++) {
                    listener.onEvent(event);
                }
                return Response.noContent().build();
            }
            EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                    .event(EventType.LOGIN).user(user).client("probe");
            event.success();
            if (fail) {
                throw new IllegalStateException("ciam-test-probe: failing after the event, on purpose");
            }
            return Response.noContent().build();
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

    @Override
    public String getId() {
        return "ciam-test-probe";
    }
}
