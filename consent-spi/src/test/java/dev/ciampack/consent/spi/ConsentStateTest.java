package dev.ciampack.consent.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConsentStateTest {

    private static final Purpose V2 = new Purpose("p", 2, false, Map.of("en", "t"), Map.of("en", "d"), null, List.of());

    @Test
    @DisplayName("only a grant of the current version covers a purpose; an older decision asks again")
    void coversOnlyCurrentGrant() {
        ConsentState grantedV2 = new ConsentState("p", Decision.GRANTED, 2, Instant.EPOCH);
        ConsentState grantedV1 = new ConsentState("p", Decision.GRANTED, 1, Instant.EPOCH);
        ConsentState withdrawnV2 = new ConsentState("p", Decision.WITHDRAWN, 2, Instant.EPOCH);

        assertThat(grantedV2.covers(V2)).isTrue();
        assertThat(grantedV1.covers(V2)).isFalse();
        assertThat(grantedV1.isCurrentFor(V2)).isFalse();
        assertThat(withdrawnV2.covers(V2)).isFalse();
        assertThat(withdrawnV2.isCurrentFor(V2)).isTrue();
    }
}
