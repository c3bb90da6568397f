package dev.ciampack.testsuite.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.IdentityProviderMapperRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;

import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Page;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.OidcProviderRealm;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.junit.Users;

/**
 * Social-login import: a second realm on the same server acts as OpenID Connect provider; its claims
 * land in this realm's User Profile attributes, normalized, without overwriting filled ones.
 */
class ClaimImportIT {

    private static final String SECRET = "broker-secret-for-import-tests";

    @RegisterExtension
    static final TestRealm realm = TestRealm.create();

    private static OidcProviderRealm provider;
    private static String idpRealm;

    @BeforeAll
    static void setUp() {
        UserRepresentation sam = Users.withPassword("sam", "sam@ciam.test", "Sam", "Social", "Sam-Passw0rd!");
        sam.setAttributes(Map.of("birthdate", List.of("1990-04-05"), "picture", List.of("https://cdn.example/sam.png"),
                "locale", List.of("pt_BR")));
        UserRepresentation tom = Users.withPassword("tom", "tom@ciam.test", "Tom", "Junk", "Tom-Passw0rd!");
        tom.setAttributes(Map.of("birthdate", List.of("31/12/1990"), "picture", List.of("javascript:alert(1)"),
                "locale", List.of("!!")));
        provider = OidcProviderRealm.create(realm, SECRET, List.of(sam, tom));
        idpRealm = provider.name();
        RealmResource idpAdmin = realm.keycloak().admin().realm(idpRealm);
        UPConfig idpProfile = idpAdmin.users().userProfile().getConfiguration();
        idpProfile.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ENABLED);
        idpAdmin.users().userProfile().update(idpProfile);
        for (UserRepresentation user : List.of(sam, tom)) {
            UserRepresentation stored = idpAdmin.users().searchByUsername(user.getUsername(), true).get(0);
            stored.setAttributes(user.getAttributes());
            idpAdmin.users().get(stored.getId()).update(stored);
        }

        UPConfig profile = realm.admin().users().userProfile().getConfiguration();
        // The import goes through the User Profile: only attributes the person may edit are filled
        // (ClaimImportGuardIT shows admin-only and read-only ones refused).
        for (String name : List.of("birthdate", "picture", "preferredLanguage")) {
            profile.addOrReplaceAttribute(new UPAttribute(name,
                    new UPAttributePermissions(Set.of("admin", "user"), Set.of("admin", "user"))));
        }
        realm.admin().users().userProfile().update(profile);

        IdentityProviderRepresentation broker = provider.identityProvider(Map.of("syncMode", "FORCE"));
        broker.setTrustEmail(true);
        realm.admin().identityProviders().create(broker).close();
        IdentityProviderMapperRepresentation mapper = new IdentityProviderMapperRepresentation();
        mapper.setName("import profile claims");
        mapper.setIdentityProviderAlias("idp");
        mapper.setIdentityProviderMapper("ciam-claim-import");
        mapper.setConfig(Map.of("claims", "given_name=firstName\nbirthdate=birthdate\nlocale=preferredLanguage\npicture=picture",
                "syncMode", "INHERIT"));
        realm.admin().identityProviders().get("idp").addMapper(mapper).close();
    }

    @AfterAll
    static void removeIdpRealm() {
        if (provider != null) {
            provider.remove();
        }
    }

    private static Tokens viaProvider(String username, String password) {
        OidcLogin login = realm.newLogin();
        Page loginPage = login.start();
        Page idpLogin = login.browser().get(loginPage.document().selectFirst("#social-idp").absUrl("href"));
        return login.finish(idpLogin.form("#kc-form-login").set("username", username).set("password", password).submit());
    }

    private static Map<String, List<String>> local(String email) {
        return realm.admin().users().searchByEmail(email, true).get(0).getAttributes();
    }

    @Test
    @DisplayName("first sign-in imports normalized claims with provenance; later ones fill only empty attributes")
    void importsWithoutOverwriting() throws Exception {
        viaProvider("sam", "Sam-Passw0rd!");
        Map<String, List<String>> first = local("sam@ciam.test");

        String id = realm.admin().users().searchByEmail("sam@ciam.test", true).get(0).getId();
        UserRepresentation user = realm.admin().users().get(id).toRepresentation();
        user.singleAttribute("birthdate", "1985-01-01");
        user.getAttributes().remove("picture");
        realm.admin().users().get(id).update(user);
        RealmResource idpAdmin = realm.keycloak().admin().realm(idpRealm);
        UserRepresentation remote = idpAdmin.users().searchByUsername("sam", true).get(0);
        remote.singleAttribute("birthdate", "1991-01-01");
        idpAdmin.users().get(remote.getId()).update(remote);
        viaProvider("sam", "Sam-Passw0rd!");
        Map<String, List<String>> second = local("sam@ciam.test");

        assertThat(first).containsEntry("birthdate", List.of("1990-04-05"))
                .containsEntry("picture", List.of("https://cdn.example/sam.png"))
                .containsEntry("preferredLanguage", List.of("pt-BR"));
        JsonNode provenance = new ObjectMapper().readTree(
                realm.admin().users().get(id).toRepresentation().getAttributes().get("ciam_import_provenance").get(0));
        assertThat(provenance.path("birthdate").path("idp").asText()).isEqualTo("idp");
        assertThat(provenance.path("birthdate").path("claim").asText()).isEqualTo("birthdate");
        assertThat(second).as("filled attribute kept").containsEntry("birthdate", List.of("1985-01-01"))
                .as("emptied attribute refilled").containsEntry("picture", List.of("https://cdn.example/sam.png"));
    }

    @Test
    @DisplayName("malformed claims (date format, non-https picture, no language tag) are not imported")
    void malformedClaimsDropped() {
        Tokens tokens = viaProvider("tom", "Tom-Passw0rd!");
        Map<String, List<String>> attributes = local("tom@ciam.test");

        assertThat(tokens.idClaims()).containsEntry("email", "tom@ciam.test");
        assertThat(attributes == null ? Map.of() : attributes).doesNotContainKeys("birthdate", "picture", "preferredLanguage");
    }
}
