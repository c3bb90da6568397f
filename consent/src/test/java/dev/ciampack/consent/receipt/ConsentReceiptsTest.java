package dev.ciampack.consent.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.ciampack.consent.spi.Channel;
import dev.ciampack.consent.spi.ConsentRecord;
import dev.ciampack.consent.spi.Decision;
import dev.ciampack.consent.spi.Purpose;

class ConsentReceiptsTest {

    private static final String ISSUER = "https://id.shop.example/realms/shop";
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final Purpose NEWSLETTER = new Purpose("newsletter", 2, false,
            Map.of("en", "Newsletter", "pt-BR", "Boletim"), Map.of("en", "Weekly offers.", "pt-BR", "Ofertas semanais."),
            "https://shop.example/privacy", List.of("email"));

    private static ConsentRecord record(String actor, Decision decision, int version) {
        return new ConsentRecord("rec-1", "user-1", 3, "newsletter", decision, version, "ab12", "pt-BR",
                Instant.parse("2026-12-01T09:30:00Z"), Channel.ACCOUNT_PAGE, actor, "shop-web", "203.0.113.0/24",
                "Firefox");
    }

    @Test
    @DisplayName("a receipt says who, which controller, which notice (version, text hash, locale), when, how, what next")
    void claims() {
        Map<String, Object> claims = ConsentReceipts.claims(ISSUER, "shop", "Shop Inc.",
                record("user-1", Decision.GRANTED, 2), NEWSLETTER, NOW);

        assertThat(claims).containsEntry("iss", ISSUER).containsEntry("sub", "user-1").containsEntry("jti", "rec-1")
                .containsEntry("iat", NOW.getEpochSecond()).containsEntry("receiptVersion", ConsentReceipts.VERSION);
        assertThat(claims.get("controller")).isEqualTo(Map.of("name", "Shop Inc.", "realm", "shop"));
        assertThat((Map<String, Object>) claims.get("notice")).containsEntry("purposeVersion", 2)
                .containsEntry("textHash", "ab12").containsEntry("locale", "pt-BR").containsEntry("title", "Boletim")
                .containsEntry("policyUrl", "https://shop.example/privacy");
        assertThat((Map<String, Object>) claims.get("decision")).containsEntry("state", "granted")
                .containsEntry("time", "2026-12-01T09:30:00Z").containsEntry("channel", "account_page")
                .containsEntry("recordedBy", "the person").containsEntry("sequence", 3L).containsEntry("clientId", "shop-web");
        assertThat((List<Map<String, String>>) claims.get("nextSteps")).extracting(m -> m.get("action"))
                .containsExactly("withdraw", "history", "verify");
        assertThat(claims.toString()).as("no network details on a shareable document").doesNotContain("203.0.113")
                .doesNotContain("Firefox");
    }

    @Test
    @DisplayName("a notice changed since (new version) or removed is named by version and hash only; an admin's "
            + "decision says so; after a withdrawal the next step is to grant")
    void laterChanges() {
        Map<String, Object> older = ConsentReceipts.claims(ISSUER, "shop", "Shop Inc.",
                record("admin-9", Decision.WITHDRAWN, 1), NEWSLETTER, NOW);
        Map<String, Object> removed = ConsentReceipts.claims(ISSUER, "shop", "Shop Inc.",
                record("user-1", Decision.GRANTED, 2), null, NOW);

        assertThat((Map<String, Object>) older.get("notice")).containsEntry("purposeVersion", 1).doesNotContainKey("title")
                .doesNotContainKey("policyUrl");
        assertThat((Map<String, Object>) older.get("decision")).containsEntry("recordedBy", "an administrator")
                .containsEntry("state", "withdrawn");
        assertThat((List<Map<String, String>>) older.get("nextSteps")).first().extracting(m -> m.get("action"))
                .isEqualTo("grant");
        assertThat((Map<String, Object>) removed.get("notice")).containsEntry("textHash", "ab12").doesNotContainKey("title");
    }
}
