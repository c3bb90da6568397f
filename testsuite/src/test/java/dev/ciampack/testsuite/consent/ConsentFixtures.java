package dev.ciampack.testsuite.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ciampack.testsuite.junit.TestRealm;

/** Purposes used by the consent tests, and the realm set-up they need. */
final class ConsentFixtures {

    static final String PURPOSES = """
            [{"id": "marketing_email", "version": 1,
              "title": {"en": "Marketing emails", "pt-BR": "E-mails de marketing"},
              "description": {"en": "News and offers about our products by email.",
                              "pt-BR": "Novidades e ofertas sobre nossos produtos por e-mail."},
              "policyUrl": "https://shop.example/privacy#marketing",
              "dataCategories": ["email"]},
             {"id": "personalization", "version": 1,
              "title": {"en": "Personalization", "pt-BR": "Personaliza\u00e7\u00e3o"},
              "description": {"en": "Suggestions based on what you browse and buy.",
                              "pt-BR": "Sugest\u00f5es com base no que voc\u00ea v\u00ea e compra."},
              "dataCategories": ["browsing", "purchase_history"]}]""";

    private ConsentFixtures() {
    }

    static JsonNode purposes(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static void definePurposes(TestRealm realm, String json) {
        realm.adminRest().put(realm.adminUrl() + "/ciam-consent/purposes", json).expect(200);
    }
}
