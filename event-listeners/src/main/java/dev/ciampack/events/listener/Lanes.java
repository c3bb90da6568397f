package dev.ciampack.events.listener;

import java.util.ArrayList;
import java.util.List;

/** How a sink's rows of one batch are split into lanes that go out concurrently. */
final class Lanes {

    private Lanes() {
    }

    /**
     * At most {@code lanes} non-empty lanes; all rows of one person in the same lane, in the order given
     * (commit order). Rows without a person are spread by row id.
     */
    static List<List<SinkDelivery.Row>> split(List<SinkDelivery.Row> rows, int lanes) {
        if (lanes <= 1 || rows.size() <= 1) {
            return rows.isEmpty() ? List.of() : List.of(rows);
        }
        List<List<SinkDelivery.Row>> split = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            split.add(new ArrayList<>());
        }
        for (SinkDelivery.Row row : rows) {
            String key = row.userId() != null ? row.userId() : row.id();
            split.get(Math.floorMod(key.hashCode(), lanes)).add(row);
        }
        split.removeIf(List::isEmpty);
        return split;
    }
}
