package dev.ciampack.testsuite.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.junit.OidcProviderRealm;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.junit.Users;

/** The consent step after registration and after a first sign-in through an identity provider. */
class ConsentEntryPointsIT {

    private static final String BROKER_SECRET = UUID.randomUUID().toString();

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> r.setRegistrationAllowed(true));

    private static OidcProviderRealm provider;

    @BeforeAll
    static void setUp() {
        ConsentFixtures.definePurposes(realm, ConsentFixtures.PURPOSES);
        realm.enableRequiredAction("ciam-consent", "CIAM consent");
        provider = OidcProviderRealm.create(realm, BROKER_SECRET,
                List.of(Users.withPassword("sam", "sam@ciam.test", "Sam", "Social", "Sam-Passw0rd!")));
        IdentityProviderRepresentation broker = provider.identityProvider(Map.of());
        broker.setTrustEmail(true);
        realm.admin().identityProviders().create(broker).close();
    }

    @AfterAll
    static void removeIdpRealm() {
        if (provider != null) {
            provider.remove();
        }
    }

    @Test
    @DisplayName("a person who registers is asked for consent before reaching the application")
    void consentAfterRegistration() {
        OidcLogin login = realm.newLogin();
        Page loginPage = login.start();
        Page register = login.browser().get(loginPage.document().selectFirst("#kc-registration a").absUrl("href"));

        Page step = register.form("#kc-register-form")
                .set("username", "rita").set("email", "rita@ciam.test")
                .set("firstName", "Rita").set("lastName", "Lee")
                .set("password", "Rita-Passw0rd!").set("password-confirm", "Rita-Passw0rd!")
                .submit();

        assertThat(step.document().select(".ciam-consent-purpose")).hasSize(2);
        login.finish(step.form("#ciam-consent-form").submit("action", "accept_all"));
        JsonNode history = history(realm.userId("rita"));
        assertThat(history).hasSize(2);
        assertThat(history).allSatisfy(r -> assertThat(r.get("channel").asText()).isEqualTo("login_step"));
    }

    @Test
    @DisplayName("a person arriving through a social or OIDC provider is asked for consent on first sign-in")
    void consentAfterFirstBrokerLogin() {
        OidcLogin login = realm.newLogin();
        Page loginPage = login.start();
        Page idpLogin = login.browser().get(loginPage.document().selectFirst("#social-idp").absUrl("href"));

        Page step = idpLogin.form("#kc-form-login").set("username", "sam").set("password", "Sam-Passw0rd!").submit();

        assertThat(step.document().select(".ciam-consent-purpose")).hasSize(2);
        login.finish(step.form("#ciam-consent-form").set("purpose_marketing_email", "on").submit("action", "save"));
        String samId = realm.admin().users().searchByEmail("sam@ciam.test", true).get(0).getId();
        assertThat(history(samId)).extracting(r -> r.get("purposeId").asText() + "=" + r.get("decision").asText())
                .containsExactlyInAnyOrder("marketing_email=granted", "personalization=withdrawn");
    }

    private static JsonNode history(String userId) {
        return realm.adminRest().get(realm.adminUrl() + "/ciam-consent/users/" + userId + "/history").expect(200).json();
    }
}
