package dev.ciampack.events.listener;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The pack's event delivery on Keycloak's readiness endpoint ({@code /health/ready} on the management port, with
 * {@code --health-enabled=true}): DOWN, with the reason, while this server takes and delivers no events because the
 * running Keycloak's outbox differs from the one the pack needs; and the gauge {@code ciam_events_delivery_up} (1 or
 * 0) on {@code /metrics}.
 *
 * <p>Keycloak's Quarkus build makes every provider jar an application archive, so this class is a CDI bean of the
 * server like Keycloak's own checks; it is created apart from the provider factories, hence the static state, which
 * {@link EventsListenerFactory} sets. Not final: an application-scoped bean is reached through a proxy.
 */
@Readiness
@ApplicationScoped
public class DeliveryReadiness implements HealthCheck {

    static final String NAME = "ciam-events delivery";

    private static final AtomicReference<String> OFF = new AtomicReference<>();

    static {
        Gauge.builder("ciam.events.delivery.up", OFF, off -> off.get() == null ? 1 : 0)
                .description("1 while this server delivers events, 0 while its outbox is not the one the pack needs")
                .register(Metrics.globalRegistry);
    }

    /** This server delivers events ({@code null}), or why not. */
    static void set(String offReason) {
        OFF.set(offReason);
    }

    @Override
    public HealthCheckResponse call() {
        String off = OFF.get();
        return off == null ? HealthCheckResponse.up(NAME)
                : HealthCheckResponse.named(NAME).down().withData("reason", off).build();
    }
}
