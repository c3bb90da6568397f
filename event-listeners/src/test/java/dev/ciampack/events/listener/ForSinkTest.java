package dev.ciampack.events.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.ciampack.events.envelope.CloudEvents;
import dev.ciampack.events.sinks.Sink;

class ForSinkTest {

    private static Sink allowing(String... attributes) {
        return new Sink("crm", Sink.WEBHOOK, URI.create("https://crm.example/hook"), List.of("whsec_x"),
                Set.of("user.profile_updated"), Set.of(attributes), Set.of(), true, null, "contract", "the account",
                List.of(), java.util.Map.of());
    }

    private static final Map<String, Object> EXTRA = Map.of("changed", List.of("email", "firstName"), CloudEvents.CHANGES,
            Map.of("email", Map.of("old", "a@old.example", "new", "a@new.example"),
                    "firstName", Map.of("old", "Anna", "new", "Ana")));

    @Test
    @DisplayName("a sink sees old and new values only of the changed attributes in its allow-list, names of all")
    void valuesOnlyForAllowListed() {
        Map<String, ?> crm = EventsListener.forSink(EXTRA, allowing("firstName", "locale"));
        assertThat(crm.get("changed")).isEqualTo(List.of("email", "firstName"));
        assertThat(crm.get(CloudEvents.CHANGES)).isEqualTo(Map.of("firstName", Map.of("old", "Anna", "new", "Ana")));

        Map<String, ?> none = EventsListener.forSink(EXTRA, allowing("locale"));
        assertThat(none).doesNotContainKey(CloudEvents.CHANGES).containsKey("changed");
        assertThat(none.toString()).doesNotContain("a@old.example").doesNotContain("Anna");
        assertThat(EventsListener.forSink(Map.of("purpose", "analytics"), allowing())).isEqualTo(Map.of("purpose", "analytics"));
    }
}
