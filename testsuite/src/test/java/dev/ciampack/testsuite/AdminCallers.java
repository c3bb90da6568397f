package dev.ciampack.testsuite;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmEventsConfigRepresentation;

import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.junit.TestRealm;

/**
 * Who calls a realm's admin endpoints in access tests: nobody (no token), a plain user of the realm (a token
 * from the test client), a view-only administrator of the realm (only {@code realm-management}'s
 * {@code view-realm}) and, as the control, the master realm's administrator.
 */
public record AdminCallers(Rest anonymous, Rest user, String userId, Rest viewer, Rest admin) {

    /** Creates the plain user and the view-only administrator in the realm and signs both in. */
    public static AdminCallers of(TestRealm realm) {
        String userId = realm.createUser("plain-user", "Plain-Passw0rd!");
        String viewerId = realm.createUser("view-only-admin", "Viewer-Passw0rd!");
        ClientRepresentation management = realm.admin().clients().findByClientId("realm-management").get(0);
        realm.admin().users().get(viewerId).roles().clientLevel(management.getId()).add(List.of(
                realm.admin().clients().get(management.getId()).roles().get("view-realm").toRepresentation()));
        return new AdminCallers(Rest.anonymous(),
                Rest.bearer(realm.newLogin().passwordLogin("plain-user", "Plain-Passw0rd!").accessToken()), userId,
                Rest.bearer(realm.newLogin().passwordLogin("view-only-admin", "Viewer-Passw0rd!").accessToken()),
                realm.adminRest());
    }

    /** The callers that may not change the realm, each with the status a refusal answers (401 or 403). */
    public Map<String, Refused> notManagers() {
        Map<String, Refused> callers = new LinkedHashMap<>();
        callers.put("anonymous", new Refused(anonymous, 401));
        callers.put("plain user", new Refused(user, 403));
        callers.put("view-only admin", new Refused(viewer, 403));
        return callers;
    }

    /** A caller and the status its refused calls answer. */
    public record Refused(Rest rest, int status) {
    }

    /** Records admin events with their representations, so tests can read back what the pack emitted. */
    public static void recordAdminEvents(TestRealm realm) {
        RealmEventsConfigRepresentation events = realm.admin().getRealmEventsConfig();
        events.setAdminEventsEnabled(true);
        events.setAdminEventsDetailsEnabled(true);
        realm.admin().updateRealmEventsConfig(events);
    }
}
