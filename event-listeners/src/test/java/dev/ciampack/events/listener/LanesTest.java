package dev.ciampack.events.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LanesTest {

    private static SinkDelivery.Row row(int n, String user) {
        return new SinkDelivery.Row("row-" + n, "realm:crm", "event-" + n, "{}", user, Instant.ofEpochMilli(n), null);
    }

    @Test
    @DisplayName("each person's rows land in one lane, in the order given; no lane is empty; at most the bound")
    void onePersonOneLaneInOrder() {
        List<SinkDelivery.Row> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(row(i, "user-" + (i % 37)));
        }

        List<List<SinkDelivery.Row>> lanes = Lanes.split(rows, 4);

        assertThat(lanes).hasSize(4).allSatisfy(lane -> assertThat(lane).isNotEmpty());
        assertThat(lanes.stream().mapToInt(List::size).sum()).isEqualTo(300);
        for (int u = 0; u < 37; u++) {
            String user = "user-" + u;
            List<List<SinkDelivery.Row>> holding = lanes.stream()
                    .filter(lane -> lane.stream().anyMatch(r -> user.equals(r.userId()))).toList();
            assertThat(holding).as(user).hasSize(1);
            List<String> order = holding.get(0).stream().filter(r -> user.equals(r.userId())).map(SinkDelivery.Row::id)
                    .toList();
            assertThat(order).isEqualTo(rows.stream().filter(r -> user.equals(r.userId())).map(SinkDelivery.Row::id)
                    .toList());
        }
    }

    @Test
    @DisplayName("one lane keeps everything in order; one person's many rows stay in one lane; nothing gives nothing")
    void edges() {
        List<SinkDelivery.Row> rows = List.of(row(1, "a"), row(2, "b"), row(3, "a"));
        assertThat(Lanes.split(rows, 1)).containsExactly(rows);
        assertThat(Lanes.split(List.of(row(1, "a"), row(2, "a"), row(3, "a")), 8)).hasSize(1);
        assertThat(Lanes.split(List.of(), 4)).isEmpty();
        assertThat(Lanes.split(List.of(row(1, null), row(2, null), row(3, null), row(4, null)), 4).size())
                .as("rows without a person spread").isGreaterThan(1);
    }
}
