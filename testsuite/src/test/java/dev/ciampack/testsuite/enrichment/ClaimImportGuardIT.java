package dev.ciampack.testsuite.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
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
import dev.ciampack.testsuite.junit.OidcProviderRealm;
import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.junit.Users;

/**
 * The claim import goes through the User Profile: an identity provider cannot write an attribute the
 * person may not edit (admin-only, read-only), a consent decision, or a value the attribute's validators
 * refuse; a user-editable attribute in the same import is written (the control).
 */
class ClaimImportGuardIT {

    private static final String SECRET = "broker-secret-for-guard-tests";

    @RegisterExtension
    static final TestRealm realm = TestRealm.create();

    private static OidcProviderRealm provider;

    @BeforeAll
    static void setUp() {
        UserRepresentation sam = Users.withPassword("sam", "sam@ciam.test", "Sam", "Social", "Sam-Passw0rd!");
        provider = OidcProviderRealm.create(realm, SECRET, List.of(sam));
        RealmResource idpAdmin = realm.keycloak().admin().realm(provider.name());
        UPConfig idpProfile = idpAdmin.users().userProfile().getConfiguration();
        idpProfile.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ENABLED);
        idpAdmin.users().userProfile().update(idpProfile);
        UserRepresentation stored = idpAdmin.users().searchByUsername("sam", true).get(0);
        stored.setAttributes(Map.of("nickname", List.of("sammy"), "zoneinfo", List.of("Europe/Lisbon"),
                "middleName", List.of("Middle")));
        idpAdmin.users().get(stored.getId()).update(stored);

        UPConfig profile = realm.admin().users().userProfile().getConfiguration();
        Set<String> everyone = Set.of("admin", "user");
        profile.addOrReplaceAttribute(new UPAttribute("nickname", new UPAttributePermissions(everyone, everyone)));
        profile.addOrReplaceAttribute(new UPAttribute("adminNote", new UPAttributePermissions(everyone, Set.of("admin"))));
        profile.addOrReplaceAttribute(new UPAttribute("readOnlyNote", new UPAttributePermissions(everyone, Set.of())));
        profile.addOrReplaceAttribute(new UPAttribute("ciam_consent_shadow", new UPAttributePermissions(everyone, everyone)));
        UPAttribute shortCode = new UPAttribute("shortCode", new UPAttributePermissions(everyone, everyone));
        shortCode.setValidations(Map.of("length", Map.of("max", 2)));
        profile.addOrReplaceAttribute(shortCode);
        realm.admin().users().userProfile().update(profile);

        IdentityProviderRepresentation broker = provider.identityProvider(Map.of());
        broker.setTrustEmail(true);
        realm.admin().identityProviders().create(broker).close();
        IdentityProviderMapperRepresentation mapper = new IdentityProviderMapperRepresentation();
        mapper.setName("guarded import");
        mapper.setIdentityProviderAlias(OidcProviderRealm.ALIAS);
        mapper.setIdentityProviderMapper("ciam-claim-import");
        mapper.setConfig(Map.of("claims", "nickname=nickname\nzoneinfo=adminNote\nmiddle_name=readOnlyNote\n"
                + "family_name=ciam_consent_shadow\ngiven_name=shortCode", "syncMode", "INHERIT"));
        realm.admin().identityProviders().get(OidcProviderRealm.ALIAS).addMapper(mapper).close();
    }

    @AfterAll
    static void removeIdpRealm() {
        if (provider != null) {
            provider.remove();
        }
    }

    @Test
    @DisplayName("admin-only, read-only, consent and invalid targets are not written; the editable one is; the log names them")
    void onlyWhatTheProfileAllows() throws Exception {
        OidcLogin login = realm.newLogin();
        Page loginPage = login.start();
        Page idpLogin = login.browser().get(loginPage.document().selectFirst("#social-idp").absUrl("href"));
        login.finish(idpLogin.form("#kc-form-login").set("username", "sam").set("password", "Sam-Passw0rd!").submit());
        UserRepresentation local = realm.admin().users().searchByEmail("sam@ciam.test", true).get(0);
        Map<String, List<String>> attributes = realm.admin().users().get(local.getId()).toRepresentation().getAttributes();
        String log = Files.readString(realm.keycloak().server().logFile());

        assertThat(attributes).containsEntry("nickname", List.of("sammy"))
                .doesNotContainKeys("adminNote", "readOnlyNote", "ciam_consent_shadow", "shortCode");
        JsonNode provenance = new ObjectMapper().readTree(attributes.get("ciam_import_provenance").get(0));
        assertThat(provenance.fieldNames()).toIterable().containsExactly("nickname");
        assertThat(log).contains("attribute 'adminNote' not imported: read-only or admin-only")
                .contains("attribute 'readOnlyNote' not imported: read-only or admin-only")
                .contains("attribute 'ciam_consent_shadow' not imported: a consent decision")
                .contains("attribute 'shortCode' not imported: the value fails the attribute's validators")
                .doesNotContain("Europe/Lisbon");
    }
}
