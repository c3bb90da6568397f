package dev.ciampack.testsuite.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.junit.ClientScopes;
import dev.ciampack.testsuite.junit.TestRealm;

class ConsentUserDeletionIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.create();

    @BeforeAll
    static void setUp() {
        ConsentFixtures.definePurposes(realm, ConsentFixtures.PURPOSES);
        ClientScopes.consent(realm.admin(), true, TestRealm.CLIENT_ID);
    }

    @Test
    @DisplayName("an administrator records a decision and exports everything held for a data-subject request")
    void adminDecisionAndExport() {
        String userId = realm.createUser("ivy", "Ivy-Passw0rd!");

        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/users/" + userId + "/marketing_email",
                Map.of("decision", "granted", "locale", "en")).expect(200);
        JsonNode export = realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + userId + "/export")
                .expect(200).json();

        assertThat(export.get("subject").asText()).isEqualTo(userId);
        assertThat(export.at("/account/email").asText()).isEqualTo("ivy@ciam.test");
        assertThat(export.at("/consent/decisions")).hasSize(2);
        assertThat(export.at("/consent/history")).hasSize(1);
        JsonNode row = export.at("/consent/history/0");
        assertThat(row.get("channel").asText()).isEqualTo("admin");
        assertThat(row.get("clientId").asText()).isEqualTo("admin-cli");
        assertThat(row.get("recordedBy").asText()).isEqualTo("administrator");
        assertThat(row.has("actorId")).as("the administrator is not named in the person's data").isFalse();
    }

    @Test
    @DisplayName("deleting a user keeps their ledger rows as anonymized proof: no user id, address or agent")
    void deletionAnonymizesLedger() {
        String userId = realm.createUser("jack", "Jack-Passw0rd!");
        Rest jack = Rest.bearer(realm.newLogin().passwordLogin("jack", "Jack-Passw0rd!").accessToken());
        jack.put(realm.url() + "/ciam-consent/me/personalization", Map.of("decision", "granted")).expect(200);
        jack.put(realm.url() + "/ciam-consent/me/personalization", Map.of("decision", "withdrawn")).expect(200);
        JsonNode before = realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + userId + "/history").json();

        realm.admin().users().get(userId).remove();

        JsonNode ledger = realm.adminRest().get(realm.adminUrl() + "/ciam-consent/ledger?purpose=personalization")
                .expect(200).json();
        assertThat(ledger.toString()).doesNotContain(userId);
        JsonNode kept = null;
        for (JsonNode row : ledger) {
            if (row.get("id").asText().equals(before.get(0).get("id").asText())) {
                kept = row;
            }
        }
        assertThat(kept).as("the ledger row survives deletion").isNotNull();
        assertThat(kept.get("actorId").asText()).startsWith("deleted:");
        assertThat(kept.has("ipPrefix")).isFalse();
        assertThat(kept.has("userAgent")).isFalse();
        assertThat(kept.get("textHash").asText()).isEqualTo(before.get(0).get("textHash").asText());
        assertThat(kept.get("decision").asText()).isEqualTo("granted");
        assertThat(realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + userId + "/history").status())
                .isEqualTo(404);
    }

    @Test
    @DisplayName("the ledger page size is bounded")
    void ledgerPageBounded() {
        assertThat(realm.adminRest().get(realm.adminUrl() + "/ciam-consent/ledger?max=5000").status()).isEqualTo(400);
    }
}
