package dev.ciampack.events.sinks;

import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * One destination of a realm's events: where, which event types, which user attributes may travel as
 * traits, and which consent purposes the person must have granted for their events to go there.
 */
public record Sink(String id, String type, URI url, List<String> secrets, Set<String> events,
                   Set<String> attributes, Set<String> purposes, boolean enabled) {

    public static final String WEBHOOK = "webhook";
    /** Segment's HTTP tracking API (or a compatible collector); {@code secrets} holds the write key. */
    public static final String SEGMENT = "segment";
    public static final String SEGMENT_DEFAULT_URL = "https://api.segment.io/v1/batch";

    public boolean wants(String eventType) {
        return enabled && (events.isEmpty() || events.contains(eventType));
    }

    public Sink disabled() {
        return new Sink(id, type, url, secrets, events, attributes, purposes, false);
    }
}
