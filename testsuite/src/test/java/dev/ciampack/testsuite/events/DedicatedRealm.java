package dev.ciampack.testsuite.events;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import dev.ciampack.testsuite.junit.Users;
import dev.ciampack.testsuite.server.KeycloakServer;

/**
 * A realm for tests that run their own Keycloak (no {@code TestRealm} there): {@code ciam-events} on,
 * one user with a password and a public client {@code cli} allowed the password grant.
 */
final class DedicatedRealm {

    private DedicatedRealm() {
    }

    static void create(Keycloak admin, String realm, String username, String password) {
        RealmRepresentation rep = new RealmRepresentation();
        rep.setRealm(realm);
        rep.setEnabled(true);
        rep.setEventsListeners(List.of("jboss-logging", "ciam-events"));
        rep.setUsers(List.of(Users.withPassword(username, username + "@ciam.test", "Test", "User", password)));
        ClientRepresentation cli = new ClientRepresentation();
        cli.setClientId("cli");
        cli.setPublicClient(true);
        cli.setDirectAccessGrantsEnabled(true);
        rep.setClients(List.of(cli));
        admin.realms().create(rep);
    }

    /** Signs the user in with the password grant (a {@code LOGIN} event); returns the HTTP status. */
    static int signIn(KeycloakServer server, String realm, String username, String password)
            throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=cli&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
