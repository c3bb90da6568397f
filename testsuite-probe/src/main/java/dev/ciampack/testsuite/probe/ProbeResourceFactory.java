package dev.ciampack.testsuite.probe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.keycloak.Config;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Test servers only. {@code POST /realms/{realm}/ciam-test-probe/age-outbox?hours=N} makes the realm's
 * outbox rows N hours older (retention tests).
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
         * {@code POST .../age-outbox?hours=N}: the realm's outbox rows look N hours older (created and
         * delivered times), so retention can be tested without waiting days. Answers how many rows.
         */
        @POST
        @Path("age-outbox")
        public Response ageOutbox(@HeaderParam("X-Probe-Token") String token, @QueryParam("hours") int hours) {
            requireToken(token);
            java.time.Instant old = java.time.Instant.now().minus(java.time.Duration.ofHours(hours));
            var em = session.getProvider(org.keycloak.connections.jpa.JpaConnectionProvider.class).getEntityManager();
            String realmId = session.getContext().getRealm().getId();
            int rows = em.createQuery("UPDATE OutboxEntryEntity e SET e.createdAt = :old WHERE e.realmId = :realm")
                    .setParameter("old", old).setParameter("realm", realmId).executeUpdate();
            em.createQuery("UPDATE OutboxEntryEntity e SET e.deliveredAt = :old WHERE e.realmId = :realm "
                    + "AND e.deliveredAt IS NOT NULL").setParameter("old", old).setParameter("realm", realmId).executeUpdate();
            return Response.ok("{\"aged\":" + rows + "}").build();
        }

        @POST
        @Path("login-event")
        public Response loginEvent(@HeaderParam("X-Probe-Token") String token, @QueryParam("user") String userId,
                                   @QueryParam("fail") boolean fail) {
            requireToken(token);
            RealmModel realm = session.getContext().getRealm();
            UserModel user = userId == null ? null : session.users().getUserById(realm, userId);
            if (user == null) {
                return Response.status(400).entity("no such user").build();
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
