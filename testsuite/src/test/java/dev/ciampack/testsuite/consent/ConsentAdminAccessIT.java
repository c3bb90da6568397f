package dev.ciampack.testsuite.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.AdminEventRepresentation;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ciampack.testsuite.AdminCallers;
import dev.ciampack.testsuite.junit.TestRealm;

/**
 * Who may call {@code /admin/realms/{realm}/ciam-consent/*}: purposes are read with view-realm and changed
 * with manage-realm; a person's consents, history, export and the ledger are read with view-users; a decision
 * is recorded with manage-users. Refused calls change nothing and leave no admin event; the administrator's
 * calls, the control, work and are recorded.
 */
class ConsentAdminAccessIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.create();

    private static AdminCallers callers;

    @BeforeAll
    static void setUp() {
        AdminCallers.recordAdminEvents(realm);
        callers = AdminCallers.of(realm);
        ConsentFixtures.definePurposes(realm, ConsentFixtures.PURPOSES);
    }

    private static String url(String path) {
        return realm.adminUrl() + "/ciam-consent/" + path;
    }

    /** The admin events of the pack's consent endpoints recorded since {@code sinceMillis}. */
    private static List<AdminEventRepresentation> packAdminEvents(long sinceMillis) {
        return realm.admin().getAdminEvents().stream()
                .filter(e -> e.getResourcePath() != null && e.getResourcePath().startsWith("ciam-consent/")
                        && e.getTime() >= sinceMillis)
                .toList();
    }

    @Test
    @DisplayName("purposes are read with view-realm: anonymous 401, a plain user 403, a view-only admin and the admin 200")
    void purposesReadWithViewRealm() {
        assertThat(callers.anonymous().get(url("purposes")).status()).isEqualTo(401);
        assertThat(callers.user().get(url("purposes")).status()).isEqualTo(403);
        assertThat(callers.viewer().get(url("purposes")).json()).extracting(p -> p.get("id").asText())
                .containsExactly("marketing_email", "personalization");
        assertThat(callers.admin().get(url("purposes")).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("a person's consents, history, export and the ledger need view-users: anonymous 401, a plain user "
            + "(even about themself) and a view-only admin 403, the admin 200")
    void personalDataNeedsViewUsers() {
        String person = callers.userId();
        callers.admin().put(url("users/" + person + "/marketing_email"), Map.of("decision", "granted")).expect(200);

        for (String path : List.of("users/" + person, "users/" + person + "/history", "users/" + person + "/export",
                "ledger")) {
            assertThat(callers.anonymous().get(url(path)).status()).as("anonymous GET " + path).isEqualTo(401);
            assertThat(callers.user().get(url(path)).status()).as("plain user GET " + path).isEqualTo(403);
            assertThat(callers.viewer().get(url(path)).status()).as("view-only admin GET " + path).isEqualTo(403);
            assertThat(callers.admin().get(url(path)).status()).as("admin GET " + path).isEqualTo(200);
        }
        assertThat(callers.admin().get(url("users/" + person + "/history")).json()).hasSize(1);
    }

    @Test
    @DisplayName("changing purposes needs manage-realm and recording a decision manage-users: refused callers change "
            + "nothing and leave no admin event; the admin's same calls work and are admin events")
    void changesNeedManageRights() {
        long start = System.currentTimeMillis();
        String person = realm.createUser("dora", "Dora-Passw0rd!");
        String purposesBefore = callers.admin().get(url("purposes")).expect(200).body();
        String changed = ConsentFixtures.PURPOSES.replace("\"id\": \"marketing_email\", \"version\": 1",
                "\"id\": \"marketing_email\", \"version\": 2");
        Map<String, String> grant = Map.of("decision", "granted");

        for (Map.Entry<String, AdminCallers.Refused> caller : callers.notManagers().entrySet()) {
            AdminCallers.Refused refused = caller.getValue();
            assertThat(refused.rest().put(url("purposes"), changed).status()).as(caller.getKey() + " PUT purposes")
                    .isEqualTo(refused.status());
            assertThat(refused.rest().put(url("users/" + person + "/marketing_email"), grant).status())
                    .as(caller.getKey() + " PUT decision").isEqualTo(refused.status());
        }

        assertThat(callers.admin().get(url("purposes")).expect(200).body()).as("purposes unchanged").isEqualTo(purposesBefore);
        assertThat(callers.admin().get(url("users/" + person + "/history")).expect(200).json()).as("no ledger row").isEmpty();
        Map<String, List<String>> attributes = realm.admin().users().get(person).toRepresentation().getAttributes();
        assertThat(attributes == null ? Map.of() : attributes).doesNotContainKey("ciam_consent_marketing_email");
        assertThat(packAdminEvents(start)).as("admin events of refused calls").isEmpty();

        // Control: the admin's same calls.
        JsonNode stored = callers.admin().put(url("purposes"), changed).expect(200).json();
        callers.admin().put(url("users/" + person + "/marketing_email"), grant).expect(200);

        assertThat(stored.get(0).get("version").asInt()).isEqualTo(2);
        assertThat(callers.admin().get(url("users/" + person + "/history")).expect(200).json()).hasSize(1);
        assertThat(realm.admin().users().get(person).toRepresentation().getAttributes().get("ciam_consent_marketing_email"))
                .singleElement().asString().startsWith("granted|2|");
        List<AdminEventRepresentation> recorded = packAdminEvents(start);
        assertThat(recorded).extracting(e -> e.getOperationType() + " " + e.getResourceType() + " " + e.getResourcePath())
                .containsExactlyInAnyOrder("UPDATE REALM ciam-consent/purposes",
                        "UPDATE USER ciam-consent/users/" + person + "/marketing_email");
        assertThat(recorded).filteredOn(e -> e.getResourceType().equals("USER")).singleElement()
                .satisfies(e -> assertThat(e.getRepresentation()).contains("granted").contains("marketing_email"));
    }
}
