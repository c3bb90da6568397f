package dev.ciampack.testsuite.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.junit.TestRealm;

/** The ciam-not-junk validator attached to User Profile attributes. */
class NotJunkValidatorIT {

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().speaking("en", "pt-BR");

    @BeforeAll
    static void attachValidator() {
        UPConfig profile = realm.admin().users().userProfile().getConfiguration();
        profile.getAttribute("firstName").addValidation("ciam-not-junk", new HashMap<>());
        profile.getAttribute("lastName").addValidation("ciam-not-junk", new HashMap<>(Map.of("words", List.of("smith", "doe"))));
        realm.admin().users().userProfile().update(profile);
    }

    private static Rest account(String username, String password) {
        String token = new OidcLogin(realm.newLogin().browser(), realm.url(), "account-console", realm.url() + "/account/")
                .passwordLogin(username, password).accessToken();
        return Rest.bearer(token);
    }

    private static Rest.Response updateFirstName(Rest account, String firstName) {
        ObjectNode me = (ObjectNode) account.get(realm.url() + "/account/").expect(200).json();
        me.put("firstName", firstName);
        return account.post(realm.url() + "/account/", me);
    }

    @Test
    @DisplayName("junk sent to the account API is refused with the validator's message and nothing is stored")
    void accountApiRefusesJunk() {
        String id = realm.createUser("yara", "Yara-Passw0rd!");
        Rest yara = account("yara", "Yara-Passw0rd!");

        for (String junk : List.of("asdf", "N/A", "Aaaaargh", "qwerty")) {
            Rest.Response refused = updateFirstName(yara, junk);
            assertThat(refused.status()).as(junk).isEqualTo(400);
            assertThat(refused.body()).as(junk).contains("ciam-not-junk.error");
        }
        assertThat(realm.admin().users().get(id).toRepresentation().getFirstName()).isEqualTo("Yara");

        assertThat(updateFirstName(yara, "Zoë O'Brien").status()).isEqualTo(204);
        assertThat(realm.admin().users().get(id).toRepresentation().getFirstName()).isEqualTo("Zoë O'Brien");
    }

    @Test
    @DisplayName("a configured word list replaces the default one")
    void configuredWords() {
        String id = realm.createUser("zeke", "Zeke-Passw0rd!");
        UserRepresentation user = realm.admin().users().get(id).toRepresentation();

        user.setLastName("Doe");
        assertThatThrownBy(() -> realm.admin().users().get(id).update(user))
                .isInstanceOf(jakarta.ws.rs.BadRequestException.class);
        user.setLastName("Test");
        realm.admin().users().get(id).update(user);

        assertThat(realm.admin().users().get(id).toRepresentation().getLastName()).isEqualTo("Test");
    }

    @Test
    @DisplayName("on the profile page at sign-in the refusal is shown in the person's language")
    void profilePageShowsLocalizedMessage() {
        UserRepresentation bare = new UserRepresentation();
        bare.setUsername("abel");
        bare.setEmail("abel@ciam.test");
        bare.setEmailVerified(true);
        bare.setEnabled(true);
        var password = new org.keycloak.representations.idm.CredentialRepresentation();
        password.setType("password");
        password.setValue("Abel-Passw0rd!");
        password.setTemporary(false);
        bare.setCredentials(List.of(password));
        realm.admin().users().create(bare).close();
        OidcLogin login = realm.newLogin();

        Page profile = login.start(Map.of("ui_locales", "pt-BR")).form("#kc-form-login")
                .set("username", "abel").set("password", "Abel-Passw0rd!").submit();
        Page refused = profile.form("#kc-update-profile-form").set("firstName", "teste").set("lastName", "Lima").submit();

        assertThat(refused.body()).contains("Informe um valor de verdade, não um texto de preenchimento ou teclas aleatórias.");
        Page done = refused.form("#kc-update-profile-form").set("firstName", "Abel").set("lastName", "Lima").submit();
        assertThat(login.finish(done).idClaims()).containsEntry("given_name", "Abel");
    }

    @Test
    @DisplayName("an out-of-range max-run is refused when the profile is saved, and the validator is listed")
    void invalidConfigRefused() {
        UPConfig profile = realm.admin().users().userProfile().getConfiguration();
        UPAttribute firstName = profile.getAttribute("firstName");
        firstName.addValidation("ciam-not-junk", new HashMap<>(Map.of("max-run", "0")));

        assertThatThrownBy(() -> realm.admin().users().userProfile().update(profile))
                .isInstanceOf(jakarta.ws.rs.BadRequestException.class);
        JsonNode validators = realm.adminRest().get(realm.keycloak().baseUrl() + "/admin/serverinfo").json()
                .path("providers").path("validator").path("providers");
        assertThat(validators.has("ciam-not-junk")).isTrue();
    }
}
