package dev.ciampack.events.listener;

import io.micrometer.core.instrument.Metrics;

/**
 * Counters on Keycloak's metrics endpoint (management port, {@code /metrics}):
 * {@code ciam_events_enqueued_total{realm,sink,type}} and
 * {@code ciam_events_deliveries_total{realm,sink,outcome}} with outcome delivered, retry, dead_letter,
 * orphaned. Pending and dead-letter counts per sink are in the status endpoint.
 */
final class EventMetrics {

    private EventMetrics() {
    }

    static void enqueued(String realm, String sink, String type) {
        Metrics.counter("ciam.events.enqueued", "realm", realm, "sink", sink, "type", type).increment();
    }

    static void delivery(String realm, String sink, String outcome) {
        Metrics.counter("ciam.events.deliveries", "realm", realm, "sink", sink, "outcome", outcome).increment();
    }
}
