package dev.ciampack.testsuite.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.junit.Users;
import dev.ciampack.testsuite.server.KeycloakServer;
import dev.ciampack.testsuite.server.TestServers;

/** Server options of the consent store, each on a server of its own. */
class ConsentServerOptionsIT {

    @Test
    @DisplayName("with user-deletion=delete, deleting a user removes their ledger rows")
    void deleteModeRemovesLedgerRows() {
        try (KeycloakServer server = TestServers.startSingle("consent-delete", null,
                List.of("--spi-ciam-consent--default--user-deletion=delete"));
             Keycloak admin = server.newAdminClient()) {
            RealmRepresentation realm = new RealmRepresentation();
            realm.setRealm("erase");
            realm.setEnabled(true);
            UserRepresentation user = Users.withPassword("kim", "kim@ciam.test", "Kim", "Erased", "Kim-Passw0rd!");
            realm.setUsers(List.of(user));
            admin.realms().create(realm);
            Rest rest = new Rest(() -> admin.tokenManager().getAccessTokenString());
            String base = server.baseUrl() + "/admin/realms/erase/ciam-consent";
            rest.put(base + "/purposes", ConsentFixtures.PURPOSES).expect(200);
            String kim = admin.realm("erase").users().searchByUsername("kim", true).get(0).getId();
            rest.put(base + "/users/" + kim + "/marketing_email", Map.of("decision", "granted")).expect(200);
            assertThat(rest.get(base + "/ledger").json()).hasSize(1);

            admin.realm("erase").users().get(kim).remove();

            assertThat(rest.get(base + "/ledger").expect(200).json()).isEmpty();
            assertThat(admin.serverInfo().getInfo().getProviders().get("ciam-consent").getProviders()
                    .get("default").getOperationalInfo()).containsEntry("user-deletion", "delete");
        }
    }

    @Test
    @DisplayName("an unknown user-deletion value stops the server at start with a message naming the option")
    void invalidValueStopsTheServer() {
        assertThatThrownBy(() -> TestServers.startSingle("consent-invalid", null,
                List.of("--spi-ciam-consent--default--user-deletion=shred")).stop())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--spi-ciam-consent--default--user-deletion must be 'anonymize' or 'delete', not 'shred'");
    }
}
