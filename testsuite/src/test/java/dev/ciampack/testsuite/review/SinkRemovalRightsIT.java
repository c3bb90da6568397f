package dev.ciampack.testsuite.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ciampack.events.webhook.StandardWebhooks;
import dev.ciampack.testsuite.events.Deliveries;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.junit.TestRealm;

/**
 * Review of issue 12, guarantee 2 ("only admins with manage-realm AND view-users can add or change sinks").
 * The pack checks view-users in {@code SinkComponents.validateConfiguration}, which Keycloak runs on create and
 * update but not on delete. The attack: an administrator with manage-realm alone, refused when replacing the
 * sinks through the pack's API (even by an empty list), removes a sink through {@code DELETE /components/{id}}.
 * Before the fix that succeeded (204): the removed sink no longer heard {@code consent.withdrawn} or
 * {@code user.deleted}, so downstream systems silently stopped learning of withdrawals and erasures.
 *
 * <p>Now {@code SinkComponents.preRemove} requires view-users as well. The test checks that the delete is
 * refused (403) and the sink stays.
 */
class SinkRemovalRightsIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> r.setEventsListeners(List.of("jboss-logging", "ciam-events")));

    private static List<String> sinkIds() {
        return realm.adminRest().get(realm.adminUrl() + "/ciam-events/sinks").expect(200).json().findValuesAsText("id");
    }

    @Test
    @DisplayName("attack refused: an admin with manage-realm only cannot remove the erasure sink through the components API (403, the sink stays)")
    void manageRealmOnlyCannotRemoveSink() {
        realm.adminRest().put(realm.adminUrl() + "/ciam-events/sinks", "[{\"id\": \"erasure\", \"url\": "
                + "\"https://erp.example/hooks\", \"secrets\": [\"" + StandardWebhooks.newSecret() + "\"], "
                + "\"events\": [\"consent.withdrawn\", \"user.deleted\"]" + Deliveries.NOT_CONSENT + "}]").expect(200);
        Rest manager = ReviewSupport.adminWith(realm, "realm-manager-only", "manage-realm");
        JsonNode component = ReviewSupport.sinkComponent(manager, realm, "erasure");

        int byPackApi = manager.put(realm.adminUrl() + "/ciam-events/sinks", "[]").status();
        List<String> afterPackApi = sinkIds();
        int byComponents = manager.delete(realm.adminUrl() + "/components/" + component.get("id").asText()).status();
        List<String> afterComponents = sinkIds();

        // Control: the pack's API refuses this administrator, and the sink is still there.
        assertThat(byPackApi).isEqualTo(403);
        assertThat(afterPackApi).containsExactly("erasure");
        // The same change through the components API must be refused too. (Before the fix: 204 and the sink was gone.)
        assertThat(afterComponents).as("DELETE /components answered %d", byComponents).containsExactly("erasure");
        assertThat(byComponents).isEqualTo(403);
    }
}
