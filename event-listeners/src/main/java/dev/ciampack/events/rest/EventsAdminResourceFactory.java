package dev.ciampack.events.rest;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.keycloak.Config;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.ciampack.events.listener.EventsListenerFactory;
import dev.ciampack.events.outbox.OutboxRows;
import dev.ciampack.events.outbox.SinkStatus;
import dev.ciampack.events.sinks.Sink;
import dev.ciampack.events.sinks.SinkStore;
import dev.ciampack.events.sinks.SinksJson;

/** {@code /admin/realms/{realm}/ciam-events/sinks}: GET (secrets never shown) and PUT (replace all). */
public final class EventsAdminResourceFactory implements AdminRealmResourceProviderFactory {

    public static final String ID = "ciam-events";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession s, RealmModel realm, AdminPermissionEvaluator auth,
                                      AdminEventBuilder adminEvent) {
                String disabled = EventsListenerFactory.disabledReason(s);
                if (disabled != null) {
                    auth.realm().requireViewRealm();
                    throw new WebApplicationException(Response.status(Response.Status.SERVICE_UNAVAILABLE)
                            .type(MediaType.APPLICATION_JSON).entity(new ObjectMapper().createObjectNode()
                                    .put("error", "ciam_events_off").put("error_description", disabled).toString())
                            .build());
                }
                return new Resource(s, realm, auth, adminEvent);
            }

            @Override
            public void close() {
            }
        };
    }

    /** The resource. */
    public static final class Resource {
        private final KeycloakSession session;
        private final RealmModel realm;
        private final AdminPermissionEvaluator auth;
        private final AdminEventBuilder adminEvent;
        private final SinkStore sinkStore;

        Resource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
            this.session = session;
            this.realm = realm;
            this.auth = auth;
            this.adminEvent = adminEvent;
            this.sinkStore = EventsListenerFactory.sinkStore(session);
        }

        /**
         * One rule for everything that makes a sink send (change it, replay, retry now, ping), as on the sinks page:
         * manage-realm, and view-users, since what a sink sends is people's data.
         */
        private void requireSinkWriter() {
            auth.realm().requireManageRealm();
            auth.users().requireView();
        }

        @GET
        @Path("sinks")
        @Produces(MediaType.APPLICATION_JSON)
        public String sinks() {
            auth.realm().requireViewRealm();
            com.fasterxml.jackson.databind.node.ArrayNode sinks;
            try {
                sinks = (com.fasterxml.jackson.databind.node.ArrayNode) new ObjectMapper()
                        .readTree(SinksJson.write(sinkStore.sinks(realm), true));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            // Stored sinks that are not valid (e.g. imported without a lawful basis) send nothing: say why.
            sinkStore.invalid(realm).forEach((id, problem) -> sinks.addObject().put("id", id).put("invalid", problem));
            return sinks.toString();
        }

        @GET
        @Path("sinks/{id}/status")
        @Produces(MediaType.APPLICATION_JSON)
        public Response status(@PathParam("id") String id) {
            auth.realm().requireViewRealm();
            if (!sinkStore.exists(realm, id)) {
                return Response.status(Response.Status.NOT_FOUND).build();
            }
            return Response.ok(SinkStatus.status(session, realm.getId(), id, sinkStore.find(realm, id))).build();
        }

        /** Dead letters of the sink go back to the queue (e.g. after its endpoint was fixed). */
        @POST
        @Path("sinks/{id}/replay")
        @Produces(MediaType.APPLICATION_JSON)
        public Response replay(@PathParam("id") String id) {
            requireSinkWriter();
            if (!sinkStore.exists(realm, id)) {
                return Response.status(Response.Status.NOT_FOUND).build();
            }
            dev.ciampack.events.outbox.SinkPause.resume(session, realm.getId(), id);
            int count = new OutboxRows(session).replay(realm.getId(), id);
            EventsListenerFactory.wakeAfterCommit(session);
            adminEvent.operation(OperationType.ACTION).resource(ResourceType.REALM)
                    .resourcePath("ciam-events/sinks/" + id + "/replay").success();
            return Response.ok("{\"replayed\":" + count + "}").build();
        }

        /**
         * Queues a {@code ping} event for this sink only (whatever event types it takes), delivered like any row:
         * a receiver can be tested without waiting for a sign-in. The answer names the event id to look for.
         */
        @POST
        @Path("sinks/{id}/ping")
        @Produces(MediaType.APPLICATION_JSON)
        public Response ping(@PathParam("id") String id) {
            requireSinkWriter();
            dev.ciampack.events.sinks.Sink sink = sinkStore.find(realm, id);
            if (sink == null) {
                return Response.status(Response.Status.NOT_FOUND).build();
            }
            if (!sink.enabled()) {
                return Response.status(Response.Status.CONFLICT)
                        .entity("{\"error\":\"sink_disabled\",\"error_description\":\"enable the sink to ping it\"}")
                        .type(MediaType.APPLICATION_JSON).build();
            }
            dev.ciampack.events.outbox.SinkPause.resume(session, realm.getId(), id);
            String eventId = java.util.UUID.randomUUID().toString();
            String source = org.keycloak.services.Urls.realmIssuer(session.getContext().getUri().getBaseUri(),
                    realm.getName());
            new OutboxRows(session).enqueue(realm.getId(), id, eventId, dev.ciampack.events.envelope.CloudEvents.PING,
                    dev.ciampack.events.envelope.CloudEvents.ping(eventId, source, java.time.Instant.now(), realm.getName(),
                            id), null);
            EventsListenerFactory.wakeAfterCommit(session);
            adminEvent.operation(OperationType.ACTION).resource(ResourceType.REALM)
                    .resourcePath("ciam-events/sinks/" + id + "/ping").success();
            return Response.accepted("{\"id\":\"" + eventId + "\"}").type(MediaType.APPLICATION_JSON).build();
        }

        /** Pending rows of the sink become due now, attempts kept (e.g. after an outage, not to wait out the backoff). */
        @POST
        @Path("sinks/{id}/retry-now")
        @Produces(MediaType.APPLICATION_JSON)
        public Response retryNow(@PathParam("id") String id) {
            requireSinkWriter();
            if (!sinkStore.exists(realm, id)) {
                return Response.status(Response.Status.NOT_FOUND).build();
            }
            dev.ciampack.events.outbox.SinkPause.resume(session, realm.getId(), id);
            int count = new OutboxRows(session).retryNow(realm.getId(), id);
            EventsListenerFactory.wakeAfterCommit(session);
            adminEvent.operation(OperationType.ACTION).resource(ResourceType.REALM)
                    .resourcePath("ciam-events/sinks/" + id + "/retry-now").success();
            return Response.ok("{\"due\":" + count + "}").build();
        }

        @PUT
        @Path("sinks")
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.APPLICATION_JSON)
        public Response replace(String body) {
            requireSinkWriter();
            List<Sink> sinks;
            try {
                sinks = SinksJson.parse(body);
            } catch (IllegalArgumentException e) {
                return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                        .entity(new ObjectMapper().createObjectNode()
                                .put("error", "invalid_sinks").put("error_description", e.getMessage()).toString())
                        .build();
            }
            // A sink changed, added or removed starts without a pause its former self asked for (Retry-After): a new
            // destination has said nothing yet, and a sink re-created with the same id is a new one.
            sinkStore.replace(realm, sinks).forEach(id -> dev.ciampack.events.outbox.SinkPause.resume(session, realm.getId(), id));
            String masked = SinksJson.write(sinks, true);
            try {
                // The JSON itself (a string would be recorded as a JSON string holding the text).
                adminEvent.operation(OperationType.UPDATE).resource(ResourceType.REALM).resourcePath("ciam-events/sinks")
                        .representation(new ObjectMapper().readTree(masked)).success();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return Response.ok(masked).build();
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
        return ID;
    }
}
