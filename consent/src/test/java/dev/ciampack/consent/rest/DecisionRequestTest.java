package dev.ciampack.consent.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ciampack.consent.spi.Decision;

class DecisionRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("a decision body names granted or withdrawn and optionally the language shown")
    void parsesBody() throws Exception {
        assertThat(DecisionRequest.parse(JSON.readTree("{\"decision\":\"granted\",\"locale\":\"pt_BR\"}")))
                .isEqualTo(new DecisionRequest(Decision.GRANTED, "pt-BR"));
        assertThat(DecisionRequest.parse(JSON.readTree("{\"decision\":\"WITHDRAWN\"}")))
                .isEqualTo(new DecisionRequest(Decision.WITHDRAWN, null));
    }

    @Test
    @DisplayName("bad bodies are refused with a message for the caller")
    void refusesBadBodies() throws Exception {
        assertThatThrownBy(() -> DecisionRequest.parse(null)).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> DecisionRequest.parse(JSON.readTree("{\"decision\":true}")))
                .hasMessageContaining("'decision' must be");
        assertThatThrownBy(() -> DecisionRequest.parse(JSON.readTree("{\"decision\":\"maybe\"}")))
                .hasMessageContaining("not 'maybe'");
        assertThatThrownBy(() -> DecisionRequest.parse(JSON.readTree("{\"decision\":\"granted\",\"locale\":\"<script>\"}")))
                .hasMessageContaining("language tag");
    }
}
