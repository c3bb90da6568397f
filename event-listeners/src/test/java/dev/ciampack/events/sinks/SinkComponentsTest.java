package dev.ciampack.events.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.provider.ProviderConfigProperty;

class SinkComponentsTest {

    @Test
    @DisplayName("a sink survives the trip to a component and back, for every type")
    void roundTrip() {
        List<Sink> sinks = SinksJson.parse("""
                [{"id": "hook", "url": "https://crm.example/h", "secrets": ["${vault.a}", "${vault.b}"],
                  "events": ["user.logged_in"], "attributes": ["firstName", "homeType"], "purposes": ["analytics"]},
                 {"id": "seg", "type": "segment", "writeKey": "abcdefgh123", "basis": "legitimate-interests",
                  "justification": "Fraud signals for sign-ins, kept 30 days by the processor.",
                  "consentCategories": {"analytics": "Analytics", "ads": "Advertising = Partners"}},
                 {"id": "k", "type": "kafka", "bootstrapServers": ["k1.example:9093"], "topic": "ciam",
                  "securityProtocol": "SASL_SSL", "saslMechanism": "PLAIN", "username": "svc", "password": "${vault.k}",
                  "purposes": ["personalization"], "enabled": false},
                 {"id": "signed", "type": "kafka", "bootstrapServers": ["k1.example:9093"], "topic": "ciam",
                  "signingSecrets": ["${vault.sign}", "${vault.sign_next}"], "purposes": ["personalization"]}]""");

        for (Sink sink : sinks) {
            ComponentModel component = new ComponentModel();
            component.setConfig(SinkComponents.config(sink));
            assertThat(SinkComponents.sink(component)).isEqualTo(sink);
        }
    }

    @Test
    @DisplayName("blank form fields are ignored; a component without a basis is refused like the REST API refuses it")
    void formFields() {
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("id", "crm");
        config.putSingle("type", "webhook");
        config.putSingle("url", "https://crm.example/h");
        config.putSingle("secret", "${vault.crm}");
        config.putSingle("secondarySecret", "");
        config.putSingle("securityProtocol", "SSL");
        config.putSingle("topic", " ");
        ComponentModel component = new ComponentModel();
        component.setConfig(config);

        assertThatThrownBy(() -> SinkComponents.sink(component)).hasMessageContaining("states no lawful basis");
        config.put("purposes", List.of("analytics"));
        assertThat(SinkComponents.sink(component).secrets()).containsExactly("${vault.crm}");
    }

    @Test
    @DisplayName("secrets are declared secret, so Keycloak masks them in admin answers and strips them from exports")
    void secretsAreSecret() {
        assertThat(SinkComponents.properties()).filteredOn(p -> p.getName().toLowerCase().contains("secret"))
                .extracting(ProviderConfigProperty::getName)
                .containsExactlyInAnyOrder("secret", "secondarySecret", "signingSecret", "secondarySigningSecret");
        assertThat(SinkComponents.properties()).filteredOn(p -> p.getName().toLowerCase().contains("secret"))
                .allSatisfy(p -> {
                    assertThat(p.isSecret()).isTrue();
                    assertThat(p.getType()).isEqualTo(ProviderConfigProperty.PASSWORD);
                });
    }

    @Test
    @DisplayName("a changed destination or type with the stored secret kept is caught; a new secret, or no move, is not")
    void secretFollowedElsewhere() {
        MultivaluedHashMap<String, String> stored = new MultivaluedHashMap<>();
        stored.putSingle("type", "segment");
        stored.putSingle("url", "https://api.segment.io/v1/batch");
        stored.putSingle("secret", "wk-stored");
        MultivaluedHashMap<String, String> moved = new MultivaluedHashMap<>(stored);
        moved.putSingle("url", "https://attacker.example/collect");
        MultivaluedHashMap<String, String> retyped = new MultivaluedHashMap<>(stored);
        retyped.putSingle("type", "webhook");
        MultivaluedHashMap<String, String> renewed = new MultivaluedHashMap<>(moved);
        renewed.putSingle("secret", "wk-new");
        MultivaluedHashMap<String, String> otherChange = new MultivaluedHashMap<>(stored);
        otherChange.put("attributes", List.of("firstName"));

        assertThat(SinkComponents.secretFollowedElsewhere(stored, moved)).isTrue();
        assertThat(SinkComponents.secretFollowedElsewhere(stored, retyped)).isTrue();
        assertThat(SinkComponents.secretFollowedElsewhere(stored, renewed)).isFalse();
        assertThat(SinkComponents.secretFollowedElsewhere(stored, otherChange)).isFalse();

        MultivaluedHashMap<String, String> consoleForm = new MultivaluedHashMap<>(stored);
        consoleForm.putSingle("securityProtocol", "SSL");
        consoleForm.putSingle("saslMechanism", "PLAIN");
        consoleForm.putSingle("username", "");
        assertThat(SinkComponents.secretFollowedElsewhere(stored, consoleForm))
                .as("the console's defaults for Kafka's lists do not move a Segment sink").isFalse();
        MultivaluedHashMap<String, String> kafka = new MultivaluedHashMap<>();
        kafka.putSingle("type", "kafka");
        kafka.put("bootstrapServers", List.of("kafka-1.example:9093"));
        kafka.putSingle("saslMechanism", "SCRAM-SHA-512");
        kafka.putSingle("secret", "kp-stored");
        MultivaluedHashMap<String, String> otherBroker = new MultivaluedHashMap<>(kafka);
        otherBroker.put("bootstrapServers", List.of("attacker.example:9093"));
        assertThat(SinkComponents.secretFollowedElsewhere(kafka, otherBroker)).isTrue();
    }

    @Test
    @DisplayName("a move is refused while any stored secret stays, in any field: a new secondary secret beside a kept "
            + "one, a kept Kafka signing secret, a secret moved to the other field")
    void everySecretMustBeGivenAnew() {
        MultivaluedHashMap<String, String> segment = new MultivaluedHashMap<>();
        segment.putSingle("type", "segment");
        segment.putSingle("url", "https://api.segment.io/v1/batch");
        segment.putSingle("secret", "wk-stored");
        MultivaluedHashMap<String, String> newSecondary = new MultivaluedHashMap<>(segment);
        newSecondary.putSingle("url", "https://attacker.example/collect");
        newSecondary.putSingle("secondarySecret", "wk-new");
        MultivaluedHashMap<String, String> swapped = new MultivaluedHashMap<>(newSecondary);
        swapped.putSingle("secret", "wk-new");
        swapped.putSingle("secondarySecret", "wk-stored");

        MultivaluedHashMap<String, String> kafka = new MultivaluedHashMap<>();
        kafka.putSingle("type", "kafka");
        kafka.put("bootstrapServers", List.of("kafka-1.example:9093"));
        kafka.putSingle("signingSecret", "whsec_stored");
        kafka.putSingle("secondarySigningSecret", "whsec_stored2");
        MultivaluedHashMap<String, String> otherBroker = new MultivaluedHashMap<>(kafka);
        otherBroker.put("bootstrapServers", List.of("attacker.example:9093"));
        otherBroker.putSingle("signingSecret", "whsec_new");
        MultivaluedHashMap<String, String> allNew = new MultivaluedHashMap<>(otherBroker);
        allNew.putSingle("secondarySigningSecret", "whsec_new2");

        assertThat(SinkComponents.secretFollowedElsewhere(segment, newSecondary)).isTrue();
        assertThat(SinkComponents.secretFollowedElsewhere(segment, swapped)).isTrue();
        assertThat(SinkComponents.secretFollowedElsewhere(kafka, otherBroker)).as("a kept secondary signing secret")
                .isTrue();
        assertThat(SinkComponents.secretFollowedElsewhere(kafka, allNew)).isFalse();
    }
}
