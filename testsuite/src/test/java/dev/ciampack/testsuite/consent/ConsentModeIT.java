package dev.ciampack.testsuite.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ciampack.testsuite.AdminCallers;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.http.Tokens;
import dev.ciampack.testsuite.junit.ClientScopes;
import dev.ciampack.testsuite.junit.TestRealm;

/** Google Consent Mode v2 from the person's purposes: the realm's mapping, the self-service endpoint and the claim. */
class ConsentModeIT {

    private static final String PURPOSES = """
            [{"id": "advertising", "version": 1, "title": {"en": "Ads"}, "description": {"en": "Ads from partners."}},
             {"id": "analytics", "version": 1, "title": {"en": "Analytics"}, "description": {"en": "Usage analytics."}}]""";

    @RegisterExtension
    static final TestRealm realm = TestRealm.create();

    private static AdminCallers callers;

    @BeforeAll
    static void setUp() {
        ConsentFixtures.definePurposes(realm, PURPOSES);
        ClientScopes.consent(realm.admin(), true, TestRealm.CLIENT_ID);
        callers = AdminCallers.of(realm);
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName("consent mode");
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("ciam-consent-mode");
        mapper.setConfig(Map.of("id.token.claim", "true", "userinfo.token.claim", "true", "access.token.claim", "false"));
        String client = realm.admin().clients().findByClientId(TestRealm.CLIENT_ID).get(0).getId();
        realm.admin().clients().get(client).getProtocolMappers().createMapper(mapper).close();
    }

    private static String mapping() {
        return realm.adminUrl() + "/ciam-consent/consent-mode";
    }

    @Test
    @DisplayName("before a mapping everything is denied; with it the endpoint and the ID token follow the person's "
            + "grants and withdrawals")
    void followsPurposes() {
        realm.createUser("mia", "Mia-Passw0rd!!");
        Rest mia = Rest.bearer(realm.newLogin().passwordLogin("mia", "Mia-Passw0rd!!").accessToken());
        JsonNode unmapped = mia.get(realm.url() + "/ciam-consent/me/consent-mode").expect(200).json();

        realm.adminRest().put(mapping(), Map.of("ad_storage", java.util.List.of("advertising"), "ad_user_data",
                java.util.List.of("advertising"), "ad_personalization", java.util.List.of("advertising"),
                "analytics_storage", java.util.List.of("analytics"))).expect(200);
        mia.put(realm.url() + "/ciam-consent/me/analytics", Map.of("decision", "granted")).expect(200);
        JsonNode analyticsOnly = mia.get(realm.url() + "/ciam-consent/me/consent-mode").expect(200).json();
        Tokens tokens = realm.newLogin().passwordLogin("mia", "Mia-Passw0rd!!");
        mia.put(realm.url() + "/ciam-consent/me/analytics", Map.of("decision", "withdrawn")).expect(200);
        mia.put(realm.url() + "/ciam-consent/me/advertising", Map.of("decision", "granted")).expect(200);
        JsonNode adsOnly = mia.get(realm.url() + "/ciam-consent/me/consent-mode").expect(200).json();

        assertThat(unmapped.toString()).isEqualTo("{\"ad_storage\":\"denied\",\"analytics_storage\":\"denied\","
                + "\"ad_user_data\":\"denied\",\"ad_personalization\":\"denied\"}");
        assertThat(analyticsOnly.get("analytics_storage").asText()).isEqualTo("granted");
        assertThat(analyticsOnly.get("ad_storage").asText()).isEqualTo("denied");
        @SuppressWarnings("unchecked")
        Map<String, Object> claim = (Map<String, Object>) tokens.idClaims().get("consent_mode");
        assertThat(claim).containsEntry("analytics_storage", "granted").containsEntry("ad_storage", "denied")
                .containsEntry("ad_user_data", "denied").containsEntry("ad_personalization", "denied");
        assertThat(adsOnly.get("analytics_storage").asText()).isEqualTo("denied");
        assertThat(adsOnly.get("ad_storage").asText()).isEqualTo("granted");
        assertThat(adsOnly.get("ad_personalization").asText()).isEqualTo("granted");
        assertThat(Rest.anonymous().get(realm.url() + "/ciam-consent/me/consent-mode").status()).isEqualTo(401);
    }

    @Test
    @DisplayName("a bad mapping is refused naming every problem; a view-only admin reads the mapping but cannot save it")
    void mappingRules() {
        Rest.Response refused = realm.adminRest().put(mapping(), Map.of("ad_storage", java.util.List.of("missing"),
                "wait_for_update", java.util.List.of("analytics")));
        String before = realm.adminRest().get(mapping()).expect(200).body();

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("ad_storage: \\\"missing\\\" is not a purpose of this realm")
                .contains("'wait_for_update' is not a Consent Mode v2 type");
        assertThat(callers.viewer().get(mapping()).status()).isEqualTo(200);
        assertThat(callers.viewer().put(mapping(), Map.of("ad_storage", java.util.List.of("advertising"))).status())
                .isEqualTo(403);
        assertThat(realm.adminRest().get(mapping()).expect(200).body()).as("unchanged").isEqualTo(before);
        assertThat(callers.user().get(mapping()).status()).isEqualTo(403);
    }
}
