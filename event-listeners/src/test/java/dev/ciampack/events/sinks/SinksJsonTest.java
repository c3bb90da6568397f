package dev.ciampack.events.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;

import dev.ciampack.events.envelope.CloudEvents;
import dev.ciampack.events.listener.EventsListenerFactory;
import dev.ciampack.events.webhook.StandardWebhooks;

class SinksJsonTest {

    @Test
    @DisplayName("sinks round-trip; the masked form never holds a secret")
    void roundTrip() {
        String secret = StandardWebhooks.newSecret();
        List<Sink> sinks = SinksJson.parse("[{\"id\": \"crm\", \"url\": \"https://crm.example/h\", \"secrets\": [\"" + secret
                + "\"], \"events\": [\"user.logged_in\"], \"attributes\": [\"firstName\"], \"purposes\": [\"analytics\"]}]");

        assertThat(sinks).hasSize(1);
        assertThat(sinks.get(0).wants("user.logged_in")).isTrue();
        assertThat(sinks.get(0).wants("user.registered")).isFalse();
        assertThat(sinks.get(0).disabled().wants("user.logged_in")).isFalse();
        assertThat(SinksJson.write(sinks, true)).doesNotContain(secret).contains("\"secretCount\":1");
        assertThat(SinksJson.parse(SinksJson.write(sinks, false))).isEqualTo(sinks);
    }

    @Test
    void refuses() {
        assertThatThrownBy(() -> SinksJson.parse("[{\"id\": \"a\", \"url\": \"https://x\", \"secrets\": []},"
                + "{\"id\": \"a\", \"type\": \"kafka\", \"url\": \"https://x\", \"secrets\": [\"whsec_x\"], \"extra\": 1}]"))
                .hasMessageContaining("sinks[0].secrets must hold one or two whsec_ secrets")
                .hasMessageContaining("sinks[1].id 'a' is used twice")
                .hasMessageContaining("sinks[1].bootstrapServers must list 1 to 10")
                .hasMessageContaining("sinks[1].url does not apply to a kafka sink")
                .hasMessageContaining("sinks[1] has an unknown field 'extra'");
        assertThatThrownBy(() -> SinksJson.parse("{")).hasMessageContaining("not valid JSON");
    }

    @Test
    @DisplayName("kafka sinks: servers, topic, protocol and SASL checked; the password is a secret (masked, vault allowed)")
    void kafka() {
        List<Sink> sinks = SinksJson.parse("""
                [{"id": "cdp", "type": "kafka", "bootstrapServers": ["k1.example:9093", "[::1]:9092"], "topic": "ciam.events",
                  "securityProtocol": "SASL_SSL", "saslMechanism": "SCRAM-SHA-256", "username": "svc",
                  "password": "${vault.cdp_kafka}", "purposes": ["analytics"]},
                 {"id": "plain", "type": "kafka", "bootstrapServers": ["10.0.0.5:9092"], "topic": "t",
                  "purposes": ["analytics"]}]""");

        assertThat(sinks.get(0).kafka().sasl()).isTrue();
        assertThat(sinks.get(0).secrets()).containsExactly("${vault.cdp_kafka}");
        assertThat(sinks.get(0).hosts()).containsExactly("k1.example", "::1");
        assertThat(sinks.get(1).kafka().securityProtocol()).as("TLS unless PLAINTEXT is asked for").isEqualTo("SSL");
        assertThat(sinks.get(1).secrets()).isEmpty();
        assertThat(SinksJson.write(sinks, true)).doesNotContain("vault").doesNotContain("password")
                .contains("\"username\":\"svc\"");
        assertThat(SinksJson.parse(SinksJson.write(sinks, false))).isEqualTo(sinks);

        assertThatThrownBy(() -> SinksJson.parse("""
                [{"id": "k", "type": "kafka", "bootstrapServers": ["no-port", "h:99999"], "topic": "bad topic",
                  "securityProtocol": "SASL_SSL", "saslMechanism": "GSSAPI", "writeKey": "abcdefgh"},
                 {"id": "j", "type": "kafka", "bootstrapServers": ["h:1"], "topic": "t", "username": "u"}]"""))
                .hasMessageContaining("'no-port' is not host:port").hasMessageContaining("'h:99999' is not host:port")
                .hasMessageContaining("sinks[0].topic must be").hasMessageContaining("sinks[0].saslMechanism must be one of")
                .hasMessageContaining("sinks[0].username is required").hasMessageContaining("sinks[0].password is required")
                .hasMessageContaining("sinks[0].writeKey does not apply to a kafka sink")
                .hasMessageContaining("sinks[1]: saslMechanism, username and password need securityProtocol SASL_SSL");
    }

    @Test
    @DisplayName("kafka signing secrets: optional, one or two whsec_ or vault references, masked as a count, not on other types")
    void kafkaSigningSecrets() {
        String secret = StandardWebhooks.newSecret();
        List<Sink> sinks = SinksJson.parse("""
                [{"id": "signed", "type": "kafka", "bootstrapServers": ["k:9093"], "topic": "t", "purposes": ["p"],
                  "signingSecrets": ["%s", "${vault.next_signing}"]},
                 {"id": "unsigned", "type": "kafka", "bootstrapServers": ["k:9093"], "topic": "t", "purposes": ["p"]}]"""
                .formatted(secret));

        assertThat(sinks.get(0).signingSecrets()).containsExactly(secret, "${vault.next_signing}");
        assertThat(sinks.get(0).secrets()).as("not the SASL password").isEmpty();
        assertThat(sinks.get(1).signingSecrets()).isEmpty();
        String masked = SinksJson.write(sinks, true);
        assertThat(masked).doesNotContain(secret).doesNotContain("vault").contains("\"signingSecretCount\":2")
                .containsOnlyOnce("signingSecretCount");
        assertThat(SinksJson.parse(SinksJson.write(sinks, false))).isEqualTo(sinks);

        assertThatThrownBy(() -> SinksJson.parse("""
                [{"id": "a", "type": "kafka", "bootstrapServers": ["k:9093"], "topic": "t", "purposes": ["p"],
                  "signingSecrets": ["whsec_c2hvcnQ="]},
                 {"id": "b", "type": "kafka", "bootstrapServers": ["k:9093"], "topic": "t", "purposes": ["p"],
                  "signingSecrets": []},
                 {"id": "c", "type": "kafka", "bootstrapServers": ["k:9093"], "topic": "t", "purposes": ["p"],
                  "signingSecrets": "%1$s"},
                 {"id": "d", "type": "kafka", "bootstrapServers": ["k:9093"], "topic": "t", "purposes": ["p"],
                  "signingSecrets": ["%1$s", "%1$s", "%1$s"]},
                 {"id": "e", "url": "https://x.example/h", "secrets": ["%1$s"], "purposes": ["p"],
                  "signingSecrets": ["%1$s"]}]""".formatted(secret)))
                .hasMessageContaining("sinks[0].signingSecrets: a webhook secret holds 24 to 64 bytes, not 5")
                .hasMessageContaining("sinks[1].signingSecrets must hold one or two")
                .hasMessageContaining("sinks[2].signingSecrets must hold one or two")
                .hasMessageContaining("sinks[3].signingSecrets must hold one or two")
                .hasMessageContaining("sinks[4].signingSecrets does not apply to a webhook sink")
                .hasMessageNotContaining(secret);
    }

    @Test
    @DisplayName("segment consent categories: purpose id to category name, on segment sinks only, every problem named")
    void segmentConsentCategories() {
        List<Sink> sinks = SinksJson.parse("""
                [{"id": "cdp", "type": "segment", "writeKey": "wk_abcdefgh", "purposes": ["analytics"],
                  "consentCategories": {"analytics": "Analytics", "advertising": "Advertising"}}]""");

        assertThat(sinks.get(0).consentCategories()).containsEntry("analytics", "Analytics")
                .containsEntry("advertising", "Advertising");
        assertThat(SinksJson.write(sinks, true)).contains("\"consentCategories\":{\"advertising\":\"Advertising\","
                + "\"analytics\":\"Analytics\"}");
        assertThat(SinksJson.parse(SinksJson.write(sinks, false))).isEqualTo(sinks);
        assertThatThrownBy(() -> SinksJson.parse("""
                [{"id": "a", "type": "segment", "writeKey": "wk_abcdefgh", "purposes": ["p1"],
                  "consentCategories": {"Bad Id": "X", "ok_id": "", "other": 3}},
                 {"id": "b", "type": "segment", "writeKey": "wk_abcdefgh", "purposes": ["p1"], "consentCategories": []},
                 {"id": "c", "url": "https://x.example/h", "secrets": ["%s"], "purposes": ["p1"],
                  "consentCategories": {"p1": "P"}}]""".formatted(StandardWebhooks.newSecret())))
                .hasMessageContaining("sinks[0].consentCategories: 'Bad Id' is not a purpose id")
                .hasMessageContaining("sinks[0].consentCategories.ok_id must be a category name")
                .hasMessageContaining("sinks[0].consentCategories.other must be a category name")
                .hasMessageContaining("sinks[1].consentCategories must map 1 to 20 purpose ids")
                .hasMessageContaining("sinks[2].consentCategories does not apply to a webhook sink");
    }

    @Test
    @DisplayName("kafka compression: none by default, gzip and lz4 offered, snappy and zstd refused saying why, not on webhooks")
    void kafkaCompression() {
        List<Sink> sinks = SinksJson.parse("""
                [{"id": "a", "type": "kafka", "bootstrapServers": ["k:9093"], "topic": "t", "purposes": ["p"]},
                 {"id": "b", "type": "kafka", "bootstrapServers": ["k:9093"], "topic": "t", "compression": "lz4",
                  "purposes": ["p"]}]""");

        assertThat(sinks.get(0).kafka().compression()).isEqualTo("none");
        assertThat(sinks.get(1).kafka().compression()).isEqualTo("lz4");
        assertThat(SinksJson.write(sinks, true)).contains("\"compression\":\"lz4\"");
        assertThat(SinksJson.parse(SinksJson.write(sinks, false))).isEqualTo(sinks);
        assertThatThrownBy(() -> SinksJson.parse("""
                [{"id": "s", "type": "kafka", "bootstrapServers": ["k:9093"], "topic": "t", "compression": "snappy",
                  "purposes": ["p"]},
                 {"id": "z", "type": "kafka", "bootstrapServers": ["k:9093"], "topic": "t", "compression": "brotli",
                  "purposes": ["p"]},
                 {"id": "w", "url": "https://example.com/hook", "secrets": ["${vault.w}"], "compression": "gzip",
                  "purposes": ["p"]}]"""))
                .hasMessageContaining("sinks[0].compression snappy is not offered: its codec is a native library")
                .hasMessageContaining("sinks[1].compression must be one of [none, gzip, lz4]")
                .hasMessageContaining("sinks[2].compression does not apply to a webhook sink");
    }

    @Test
    @DisplayName("secrets and write keys may be vault references; anything else must be the real thing")
    void vaultReferences() {
        List<Sink> sinks = SinksJson.parse("[{\"id\": \"w\", \"url\": \"https://x.example/h\", \"secrets\": "
                + "[\"${vault.crm_hook}\"], \"purposes\": [\"analytics\"]}, {\"id\": \"s\", \"type\": \"segment\", "
                + "\"writeKey\": \"${vault.seg}\", \"purposes\": [\"analytics\"]}]");

        assertThat(sinks.get(0).secrets()).containsExactly("${vault.crm_hook}");
        assertThat(sinks.get(1).secrets()).containsExactly("${vault.seg}");
        assertThat(Sink.isVaultReference("${vault.a.b-c_d}")).isTrue();
        assertThat(Sink.isVaultReference("${vault.}")).isFalse();
        assertThat(Sink.isVaultReference("${env.X}")).isFalse();
        assertThatThrownBy(() -> SinksJson.parse("[{\"id\": \"w\", \"url\": \"https://x.example/h\", \"secrets\": "
                + "[\"${vault.a} x\"]}]")).hasMessageContaining("whsec_");
    }

    @Test
    @DisplayName("every sink states its lawful basis: consent purposes, or another basis with a justification; never neither")
    void lawfulBasis() {
        String hook = "\"url\": \"https://x.example/h\", \"secrets\": [\"${vault.h}\"]";
        List<Sink> sinks = SinksJson.parse("[{\"id\": \"a\", " + hook + ", \"purposes\": [\"analytics\", \"ads\"]},"
                + "{\"id\": \"b\", " + hook + ", \"basis\": \"contract\", \"justification\": \"Orders are fulfilled by "
                + "the shop's ERP, which needs the customer's name and address.\"}]");

        assertThat(sinks.get(0).basis()).isEqualTo(Sink.CONSENT);
        assertThat(sinks.get(0).byConsent()).isTrue();
        assertThat(sinks.get(1).basis()).isEqualTo("contract");
        assertThat(sinks.get(1).byConsent()).isFalse();
        assertThat(SinksJson.parse(SinksJson.write(sinks, false))).isEqualTo(sinks);
        assertThat(SinksJson.write(sinks, true)).contains("\"basis\":\"contract\"").contains("ERP");

        assertThatThrownBy(() -> SinksJson.parse("[{\"id\": \"none\", " + hook + "},"
                + "{\"id\": \"empty\", " + hook + ", \"basis\": \"consent\"},"
                + "{\"id\": \"vague\", " + hook + ", \"basis\": \"legitimate-interests\", \"justification\": \"we want\"},"
                + "{\"id\": \"mixed\", " + hook + ", \"basis\": \"contract\", \"purposes\": [\"analytics\"], "
                + "\"justification\": \"Orders are fulfilled by the ERP system.\"},"
                + "{\"id\": \"odd\", " + hook + ", \"basis\": \"because\"}]"))
                .hasMessageContaining("sinks[0] states no lawful basis")
                .hasMessageContaining("sinks[1]: basis consent needs purposes")
                .hasMessageContaining("sinks[2].justification must say, in 20 to 1000 characters")
                .hasMessageContaining("sinks[3].purposes apply only to basis consent")
                .hasMessageContaining("sinks[4].basis must be consent or one of");
    }

    @Test
    void eventTypes() {
        assertThat(CloudEvents.typeOf(EventType.LOGIN)).isEqualTo("user.logged_in");
        assertThat(CloudEvents.typeOf(EventType.REGISTER)).isEqualTo("user.registered");
        assertThat(CloudEvents.typeOf(EventType.UPDATE_EMAIL)).isEqualTo("user.profile_updated");
        assertThat(CloudEvents.typeOf(EventType.CODE_TO_TOKEN)).isNull();
        org.keycloak.events.Event consent = new org.keycloak.events.Event();
        consent.setType(EventType.UPDATE_CONSENT);
        consent.setDetails(java.util.Map.of("ciam_consent_purpose", "analytics", "ciam_consent_decision", "withdrawn",
                "ciam_consent_version", "2", "ciam_consent_channel", "account"));
        assertThat(CloudEvents.typeOf(consent)).isEqualTo("consent.withdrawn");
        assertThat(CloudEvents.extraData(consent)).containsEntry("purpose", "analytics").containsEntry("purposeVersion", 2);
        org.keycloak.events.Event oauthConsent = new org.keycloak.events.Event();
        oauthConsent.setType(EventType.UPDATE_CONSENT);
        assertThat(CloudEvents.typeOf(oauthConsent)).as("Keycloak's OAuth client consent is not ours").isNull();
        org.keycloak.events.Event identified = new org.keycloak.events.Event();
        identified.setType(EventType.CUSTOM_REQUIRED_ACTION);
        identified.setDetails(java.util.Map.of("ciam_event", "user.identified", "ciam_anonymous_id", "anon-123456"));
        assertThat(CloudEvents.typeOf(identified)).isEqualTo("user.identified");
        assertThat(CloudEvents.extraData(identified)).containsEntry("anonymousId", "anon-123456");
    }

    @Test
    @DisplayName("every server option of ciam-events is in the README with its env variable")
    void optionsDocumented() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (var option : new EventsListenerFactory().getConfigMetadata()) {
            String env = "KC_SPI_EVENTS_LISTENER__CIAM_EVENTS__" + option.getName().toUpperCase().replace('-', '_');
            assertThat(readme).contains("| `--spi-events-listener--ciam-events--" + option.getName() + "` | `" + env
                    + "` | `" + option.getDefaultValue() + "` |");
        }
    }
}
