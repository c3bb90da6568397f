package dev.ciampack.testsuite.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.TestRealm;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsentStepIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().speaking("en", "pt-BR");

    @BeforeAll
    static void setUp() {
        ConsentFixtures.definePurposes(realm, ConsentFixtures.PURPOSES);
        realm.enableRequiredAction("ciam-consent", "CIAM consent");
    }

    private static Page signIn(OidcLogin login, String username, String password, Map<String, String> params) {
        return login.start(params).form("#kc-form-login").set("username", username).set("password", password).submit();
    }

    private static JsonNode history(String userId) {
        return realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + userId + "/history").expect(200).json();
    }

    @Test
    @DisplayName("the step shows undecided purposes unticked, records the choice, and is not shown again")
    void askedOnceThenRemembered() {
        String userId = realm.createUser("ada", "Ada-Passw0rd!");
        OidcLogin login = realm.newLogin();

        Page step = signIn(login, "ada", "Ada-Passw0rd!", Map.of());

        assertThat(step.text("#kc-page-title")).hasValue("Your privacy choices");
        assertThat(step.document().select(".ciam-consent-purpose")).hasSize(2);
        assertThat(step.document().select("input[type=checkbox]")).hasSize(2).allSatisfy(box ->
                assertThat(box.hasAttr("checked")).as("pre-ticked %s", box.attr("name")).isFalse());
        assertThat(step.document().select("a.ciam-consent-policy").attr("href"))
                .isEqualTo("https://shop.example/privacy#marketing");

        Tokens tokens = login.finish(step.form("#ciam-consent-form").set("purpose_personalization", "on")
                .submit("action", "save"));

        assertThat(tokens.accessToken()).isNotBlank();
        JsonNode history = history(userId);
        assertThat(history).hasSize(2);
        assertThat(history).extracting(r -> r.get("purposeId").asText() + "=" + r.get("decision").asText())
                .containsExactlyInAnyOrder("marketing_email=withdrawn", "personalization=granted");
        assertThat(history).allSatisfy(r -> {
            assertThat(r.get("channel").asText()).isEqualTo("login_step");
            assertThat(r.get("clientId").asText()).isEqualTo(TestRealm.CLIENT_ID);
        });

        Page second = signIn(realm.newLogin(), "ada", "Ada-Passw0rd!", Map.of());
        assertThat(second.location()).hasValueSatisfying(l -> assertThat(l.toString()).startsWith(realm.redirectUri()));
    }

    @Test
    @DisplayName("accept all and reject all are one click each")
    void acceptAllAndRejectAll() {
        String acceptor = realm.createUser("ben", "Ben-Passw0rd!");
        String rejector = realm.createUser("cleo", "Cleo-Passw0rd!");

        OidcLogin benLogin = realm.newLogin();
        benLogin.finish(signIn(benLogin, "ben", "Ben-Passw0rd!", Map.of()).form("#ciam-consent-form")
                .submit("action", "accept_all"));
        OidcLogin cleoLogin = realm.newLogin();
        cleoLogin.finish(signIn(cleoLogin, "cleo", "Cleo-Passw0rd!", Map.of()).form("#ciam-consent-form")
                .submit("action", "reject_all"));

        assertThat(history(acceptor)).extracting(r -> r.get("decision").asText()).containsOnly("granted").hasSize(2);
        assertThat(history(rejector)).extracting(r -> r.get("decision").asText()).containsOnly("withdrawn").hasSize(2);
    }

    @Test
    @DisplayName("the step speaks Brazilian Portuguese and shows the notice in it")
    void portuguese() {
        realm.createUser("duda", "Duda-Passw0rd!");
        OidcLogin login = realm.newLogin();

        Page step = signIn(login, "duda", "Duda-Passw0rd!", Map.of("ui_locales", "pt-BR"));

        assertThat(step.text("#kc-page-title")).hasValue("Suas escolhas de privacidade");
        assertThat(step.document().select(".ciam-consent-title").eachText())
                .containsExactly("E-mails de marketing", "Personalização");
        assertThat(step.text("#ciam-consent-accept-all")).hasValue("Aceitar tudo");
    }

    @Test
    @DisplayName("through kc_action the person reviews current choices and withdraws in one click")
    void reviewThroughApplicationInitiatedAction() {
        String userId = realm.createUser("eve", "Eve-Passw0rd!");
        OidcLogin login = realm.newLogin();
        login.finish(signIn(login, "eve", "Eve-Passw0rd!", Map.of()).form("#ciam-consent-form")
                .submit("action", "accept_all"));

        Page review = login.start(Map.of("kc_action", "ciam-consent"));

        assertThat(review.text("#kc-page-title")).hasValue("Review your privacy choices");
        assertThat(review.document().select("input[type=checkbox][checked]")).hasSize(2);
        login.finish(review.form("#ciam-consent-form").submit("action", "reject_all"));

        JsonNode history = history(userId);
        assertThat(history).hasSize(4);
        assertThat(history.get(2).get("channel").asText()).isEqualTo("account_page");
        assertThat(history.get(3).get("decision").asText()).isEqualTo("withdrawn");
    }

    @Test
    @Order(Integer.MAX_VALUE) // raises a purpose's version and makes it required for the rest of the realm's life
    @DisplayName("a new version of a purpose asks again for that purpose only; a required purpose must be accepted")
    void newVersionAndRequiredPurpose() {
        String userId = realm.createUser("finn", "Finn-Passw0rd!");
        OidcLogin first = realm.newLogin();
        first.finish(signIn(first, "finn", "Finn-Passw0rd!", Map.of()).form("#ciam-consent-form")
                .submit("action", "accept_all"));
        String bumped = ConsentFixtures.PURPOSES
                .replace("\"id\": \"personalization\", \"version\": 1", "\"id\": \"personalization\", \"version\": 2, \"required\": true");
        ConsentFixtures.definePurposes(realm, bumped);
        try {
            OidcLogin again = realm.newLogin();
            Page step = signIn(again, "finn", "Finn-Passw0rd!", Map.of());

            assertThat(step.document().select(".ciam-consent-purpose")).extracting(Element::id)
                    .containsExactly("ciam-consent-purpose-personalization");
            assertThat(step.text(".ciam-consent-changed")).hasValue("(updated since you last answered)");

            Page refused = step.form("#ciam-consent-form").submit("action", "reject_all");
            assertThat(refused.location()).isEmpty();
            assertThat(refused.body()).contains("To continue you need to accept: Personalization");

            again.finish(refused.form("#ciam-consent-form").submit("action", "accept_all"));
            JsonNode history = history(userId);
            assertThat(history).hasSize(3);
            assertThat(history.get(2).get("purposeVersion").asInt()).isEqualTo(2);
            assertThat(history.get(2).get("decision").asText()).isEqualTo("granted");
        } finally {
            realm.admin().users().get(userId).remove();
        }
    }
}
