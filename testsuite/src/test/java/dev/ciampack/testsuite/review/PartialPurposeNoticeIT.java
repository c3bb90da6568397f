package dev.ciampack.testsuite.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ciampack.events.webhook.StandardWebhooks;
import dev.ciampack.testsuite.events.Deliveries;
import dev.ciampack.testsuite.events.WebhookReceiver;
import dev.ciampack.testsuite.junit.TestRealm;

/**
 * Review of issue 12, guarantee 3 ("consent sinks only get people who granted all their purposes"). The attack:
 * a person grants only one of the two purposes of a consent sink. Before the fix the sink still received their
 * {@code consent.granted} notice ({@code EventsListener.hears} checked that the sink serves the purpose, never
 * that the person meets the sink's basis): it learned the identity (user id, as subject and partition key) and a
 * decision of someone it had no basis for.
 *
 * <p>Now {@code hears} also requires that the person grants every purpose of the sink. The test checks that the
 * sink receives nothing of that person; the controls: a person who granted both purposes is heard, and the
 * first person's sign-in is withheld, as it must be.
 */
class PartialPurposeNoticeIT {

    private static final WebhookReceiver receiver = new WebhookReceiver();

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> r.setEventsListeners(List.of("jboss-logging", "ciam-events")));

    @BeforeAll
    static void setUp() {
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/purposes", """
                [{"id": "personalization", "version": 1, "title": {"en": "Personalization"}, "description": {"en": "Offers."}},
                 {"id": "analytics", "version": 1, "title": {"en": "Analytics"}, "description": {"en": "Usage."}}]""")
                .expect(200);
        realm.adminRest().put(realm.adminUrl() + "/ciam-events/sinks", "[{\"id\": \"cdp\", \"url\": \""
                + receiver.url("/cdp") + "\", \"secrets\": [\"" + StandardWebhooks.newSecret() + "\"], "
                + "\"events\": [\"consent.granted\", \"user.logged_in\"], \"purposes\": [\"personalization\", \"analytics\"]}]")
                .expect(200);
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    private static List<String> typesFor(String userId) {
        return receiver.to("/cdp").stream().map(r -> ReviewSupport.json(r.body()))
                .filter(b -> userId.equals(b.get("subject").asText())).map(b -> b.get("type").asText()).toList();
    }

    @Test
    @DisplayName("attack refused: a consent sink needing two purposes receives nothing of a person who granted one, not even the grant notice")
    void grantOfOnePurposeDoesNotReachSinkNeedingTwo() {
        String paula = realm.createUser("paula", "Paula-Passw0rd!");
        String quinn = realm.createUser("quinn", "Quinn-Passw0rd!");
        for (String purpose : List.of("personalization", "analytics")) {
            realm.adminRest().put(realm.adminUrl() + "/ciam-consent/users/" + quinn + "/" + purpose,
                    Map.of("decision", "granted")).expect(200);
        }
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/users/" + paula + "/personalization",
                Map.of("decision", "granted")).expect(200);
        realm.newLogin().passwordLogin("paula", "Paula-Passw0rd!");
        realm.newLogin().passwordLogin("quinn", "Quinn-Passw0rd!");
        Deliveries.awaitSettledAfterDrained(receiver, "/cdp", Deliveries.status(realm.adminRest(), realm.adminUrl(), "cdp"),
                Duration.ofSeconds(20));

        // Control: quinn meets the sink's basis and is heard; paula's sign-in is withheld, as it must be.
        assertThat(typesFor(quinn)).contains("consent.granted", "user.logged_in");
        assertThat(typesFor(paula)).doesNotContain("user.logged_in");
        // paula granted only one of the two purposes: the sink has no basis for anything of hers. (Before the fix it got her grant.)
        assertThat(typesFor(paula)).as("received by the two-purpose consent sink for paula").isEmpty();
    }
}
