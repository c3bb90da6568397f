package dev.ciampack.testsuite.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmEventsConfigRepresentation;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.junit.TestRealm;

/**
 * Global Privacy Control ({@code Sec-GPC: 1}) at the consent step: a purpose marked {@code "gpc": "opt-out"} (a
 * sale or sharing of data) is never ticked for the person and "accept all" does not grant it; decisions made
 * under the signal say so in the ledger, the event and the receipt. Without the signal nothing changes.
 */
class GlobalPrivacyControlIT {

    private static final String PURPOSES = """
            [{"id": "ad_sharing", "version": 1, "gpc": "opt-out",
              "title": {"en": "Share with ad partners", "pt-BR": "Compartilhar com parceiros de an\\u00fancios"},
              "description": {"en": "We share what you buy with advertising partners.",
                              "pt-BR": "Compartilhamos o que voc\\u00ea compra com parceiros de an\\u00fancios."}},
             {"id": "newsletter", "version": 1,
              "title": {"en": "Newsletter"}, "description": {"en": "Weekly offers by email."}}]""";

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().speaking("en", "pt-BR");

    @BeforeAll
    static void setUp() {
        ConsentFixtures.definePurposes(realm, PURPOSES);
        realm.enableRequiredAction("ciam-consent", "CIAM consent");
        RealmEventsConfigRepresentation events = realm.admin().getRealmEventsConfig();
        events.setEventsEnabled(true);
        events.setEnabledEventTypes(List.of("UPDATE_CONSENT"));
        realm.admin().updateRealmEventsConfig(events);
    }

    private static Page signIn(OidcLogin login, String username, String password) {
        return login.start(Map.of()).form("#kc-form-login").set("username", username).set("password", password).submit();
    }

    private static JsonNode history(String userId) {
        return realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + userId + "/history").expect(200).json();
    }

    private static String decisionOf(JsonNode history, String purpose) {
        String last = null;
        for (JsonNode r : history) {
            if (purpose.equals(r.get("purposeId").asText())) {
                last = r.get("decision").asText();
            }
        }
        return last;
    }

    @Test
    @DisplayName("with Sec-GPC: 1, accept all grants the newsletter but not the sale or sharing of data; the page says "
            + "why; the ledger, the event and the receipt carry the signal")
    void acceptAllUnderGpc() throws Exception {
        String userId = realm.createUser("gia", "Gia-Passw0rd!!");
        OidcLogin login = realm.newLogin();
        login.browser().header("Sec-GPC", "1");

        Page step = signIn(login, "gia", "Gia-Passw0rd!!");
        assertThat(step.document().select("#ciam-consent-gpc").text()).contains("Global Privacy Control");
        assertThat(step.document().select("#ciam-consent-purpose-ad_sharing .ciam-consent-gpc-purpose")).hasSize(1);
        assertThat(step.document().select("#ciam-consent-purpose-newsletter .ciam-consent-gpc-purpose")).isEmpty();
        login.finish(step.form("#ciam-consent-form").submit("action", "accept_all"));
        JsonNode history = history(userId);

        assertThat(decisionOf(history, "newsletter")).isEqualTo("granted");
        assertThat(decisionOf(history, "ad_sharing")).as("accept all leaves it off under GPC").isEqualTo("withdrawn");
        assertThat(history).allSatisfy(r -> assertThat(r.get("signal").asText()).isEqualTo("gpc"));
        List<EventRepresentation> events = realm.admin().getEvents(List.of("UPDATE_CONSENT"), null, userId, null, null,
                null, 0, 10);
        assertThat(events).hasSize(2).allSatisfy(e -> assertThat(e.getDetails()).containsEntry("ciam_consent_signal", "gpc"));
        String receipt = realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + userId + "/receipts/"
                + history.get(0).get("id").asText()).expect(200).body();
        JsonNode claims = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                java.util.Base64.getUrlDecoder().decode(receipt.split("\\.")[1]));
        assertThat(claims.at("/decision/signal").asText()).isEqualTo("gpc");
    }

    @Test
    @DisplayName("under GPC the person can still tick the sale or sharing of data themselves; without the signal accept "
            + "all grants everything and records no signal (the control)")
    void explicitTickAndControl() {
        String ticker = realm.createUser("hal", "Hal-Passw0rd!!");
        String plain = realm.createUser("ivy", "Ivy-Passw0rd!!");
        OidcLogin gpcLogin = realm.newLogin();
        gpcLogin.browser().header("Sec-GPC", "1");
        gpcLogin.finish(signIn(gpcLogin, "hal", "Hal-Passw0rd!!").form("#ciam-consent-form")
                .set("purpose_ad_sharing", "on").submit("action", "accept_all"));
        OidcLogin plainLogin = realm.newLogin();
        Page step = signIn(plainLogin, "ivy", "Ivy-Passw0rd!!");
        assertThat(step.document().select("#ciam-consent-gpc")).as("no notice without the signal").isEmpty();
        plainLogin.finish(step.form("#ciam-consent-form").submit("action", "accept_all"));

        assertThat(decisionOf(history(ticker), "ad_sharing")).as("their own tick").isEqualTo("granted");
        assertThat(decisionOf(history(plain), "ad_sharing")).isEqualTo("granted");
        assertThat(history(plain)).allSatisfy(r -> assertThat(r.hasNonNull("signal")).isFalse());
    }

    @Test
    @DisplayName("on the review page an earlier grant of the sale or sharing of data shows unticked under GPC, and "
            + "saving records the opt-out; other grants stay ticked")
    void reviewUnderGpc() {
        String userId = realm.createUser("jon", "Jon-Passw0rd!!");
        OidcLogin first = realm.newLogin();
        first.finish(signIn(first, "jon", "Jon-Passw0rd!!").form("#ciam-consent-form").submit("action", "accept_all"));
        OidcLogin review = realm.newLogin();
        review.browser().header("Sec-GPC", "1");

        Page page = review.start(Map.of("kc_action", "ciam-consent")).form("#kc-form-login").set("username", "jon")
                .set("password", "Jon-Passw0rd!!").submit();
        assertThat(page.document().select("#purpose_ad_sharing").hasAttr("checked")).isFalse();
        assertThat(page.document().select("#purpose_newsletter").hasAttr("checked")).isTrue();
        review.finish(page.form("#ciam-consent-form").set("purpose_newsletter", "on").submit("action", "save"));
        JsonNode history = history(userId);

        assertThat(decisionOf(history, "ad_sharing")).isEqualTo("withdrawn");
        assertThat(decisionOf(history, "newsletter")).isEqualTo("granted");
        assertThat(history.get(history.size() - 1).get("signal").asText()).isEqualTo("gpc");
    }

    @Test
    @DisplayName("a signed-in person's browser sending Sec-GPC: 1 opts them out of an earlier grant of the sale or "
            + "sharing of data at sign-in, recorded with the signal; other grants stay; without the signal nothing changes")
    void signalOptsOutOfAnEarlierGrant() {
        String userId = realm.createUser("kim", "Kim-Passw0rd!!");
        OidcLogin first = realm.newLogin();
        first.finish(signIn(first, "kim", "Kim-Passw0rd!!").form("#ciam-consent-form").submit("action", "accept_all"));
        OidcLogin plain = realm.newLogin();
        plain.finish(signIn(plain, "kim", "Kim-Passw0rd!!"));
        String afterPlain = decisionOf(history(userId), "ad_sharing");

        OidcLogin withSignal = realm.newLogin();
        withSignal.browser().header("Sec-GPC", "1");
        withSignal.finish(signIn(withSignal, "kim", "Kim-Passw0rd!!"));
        JsonNode history = history(userId);
        JsonNode last = history.get(history.size() - 1);

        assertThat(afterPlain).as("control: without the signal the grant stays").isEqualTo("granted");
        assertThat(decisionOf(history, "ad_sharing")).isEqualTo("withdrawn");
        assertThat(last.get("purposeId").asText()).isEqualTo("ad_sharing");
        assertThat(last.get("signal").asText()).isEqualTo("gpc");
        assertThat(last.get("channel").asText()).isEqualTo("login_step");
        assertThat(decisionOf(history, "newsletter")).isEqualTo("granted");
    }

    @Test
    @DisplayName("a purpose cannot be both required and gpc opt-out, and gpc takes only \"opt-out\"; both named")
    void purposeRules() {
        var refused = realm.adminRest().put(realm.adminUrl() + "/ciam-consent/purposes", """
                [{"id": "terms", "version": 1, "required": true, "gpc": "opt-out",
                  "title": {"en": "Terms"}, "description": {"en": "The terms."}},
                 {"id": "ads", "version": 1, "gpc": "yes", "title": {"en": "Ads"}, "description": {"en": "Ads."}}]""");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("purposes[0] cannot be both required and gpc opt-out")
                .contains("purposes[1].gpc must be \\\"opt-out\\\"");
        assertThat(realm.adminRest().get(realm.adminUrl() + "/ciam-consent/purposes").expect(200).body())
                .contains("\"gpc\":\"opt-out\"").doesNotContain("terms");
    }
}
