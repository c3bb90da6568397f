package dev.ciampack.events.listener;

import java.time.Duration;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

/**
 * Meters on Keycloak's metrics endpoint (management port, {@code /metrics}):
 * {@code ciam_events_enqueued_total{realm,sink,type}}, {@code ciam_events_deliveries_total{realm,sink,outcome}}
 * with outcome delivered, retry, dead_letter, orphaned, dropped (consent gone) or deferred (not attempted), and
 * {@code ciam_events_delivery_latency_seconds{realm,sink}}, a histogram of the time from the row's commit to its
 * delivery. Backlog gauges: {@link BacklogGauges}; the delivery threads: {@link DeliveryEngine}.
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

    static void latency(String realm, String sink, Duration latency) {
        Timer.builder("ciam.events.delivery.latency").tags("realm", realm, "sink", sink)
                .description("From the row's commit to its delivery")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofHours(24)).register(Metrics.globalRegistry).record(latency);
    }
}
