package dev.ciampack.events.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OutboxCompatibilityTest {

    private static final ClassLoader LOADER = OutboxCompatibilityTest.class.getClassLoader();

    @Test
    @DisplayName("the outbox of the Keycloak the pack is built against has every member the pack uses")
    void builtAgainstIsCompatible() {
        OutboxCompatibility.Result result = OutboxCompatibility.check("26.7.0");

        assertThat(result.missing()).isEmpty();
        assertThat(result.compatible()).isTrue();
        assertThat(OutboxCompatibility.BUILT_WITH).isEqualTo(System.getProperty("ciam.kc.version"));
        assertThat(result.describe()).contains("tested with Keycloak " + OutboxCompatibility.BUILT_WITH);
    }

    @Test
    @DisplayName("a member the running server lacks (other signature, field, class) is refused and named with both versions")
    void wrongExpectationIsRefused() {
        List<String> expected = new ArrayList<>(OutboxCompatibility.EXPECTED);
        expected.add("org.keycloak.events.outbox.OutboxStore#enqueuePending(String,String)");
        expected.add("org.keycloak.models.jpa.entities.OutboxEntryEntity#ownerKey");
        expected.add("org.keycloak.events.outbox.OutboxLeaseTask#run(KeycloakSession)");

        OutboxCompatibility.Result result = OutboxCompatibility.check(expected, "26.7.0", "26.9.1", LOADER);

        assertThat(result.compatible()).isFalse();
        assertThat(result.missing()).containsExactly("OutboxStore#enqueuePending(String,String)",
                "OutboxEntryEntity#ownerKey", "OutboxLeaseTask#run(KeycloakSession)");
        assertThat(result.describe()).contains("Keycloak 26.9.1", "Keycloak 26.7.0", "OutboxEntryEntity#ownerKey");
    }
}
