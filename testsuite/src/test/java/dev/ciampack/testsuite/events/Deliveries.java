package dev.ciampack.testsuite.events;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.junit.Await;

/**
 * Waiting for event delivery without fixed sleeps: polls the receiver or a sink's status until a
 * deadline. "Exactly n" and "nothing" are shown by waiting until the sink's queue is empty (no
 * pending row) and then requiring the count to stay unchanged for {@link #SETTLE}.
 */
public final class Deliveries {

    /**
     * A lawful basis other than consent, for sinks whose tests are about delivery rather than consent (every
     * sink must state one; consent sinks are tested in SinkBasisIT and with purposes elsewhere).
     */
    public static final String NOT_CONSENT = ", \"basis\": \"legitimate-interests\", \"justification\": "
            + "\"A test of delivery mechanics; consent is tested elsewhere.\"";

    /** {@code extra} sink fields, with {@link #NOT_CONSENT} unless they state purposes or a basis themselves. */
    public static String basisUnlessStated(String extra) {
        return extra.contains("\"purposes\"") || extra.contains("\"basis\"") ? extra : extra + NOT_CONSENT;
    }

    /** How long a count must stay unchanged once the queue is empty: two drain intervals of the test servers. */
    public static final Duration SETTLE = Duration.ofSeconds(2);

    private Deliveries() {
    }

    /** A sink's status ({@code GET /admin/realms/{realm}/ciam-events/sinks/{id}/status}), read through {@code admin}. */
    public static Await.Probe<JsonNode> status(Rest admin, String adminRealmUrl, String sink) {
        return () -> admin.get(adminRealmUrl + "/ciam-events/sinks/" + sink + "/status").expect(200).json();
    }

    /** Polls a sink's status until {@code until} holds or the timeout passes; returns the last status. */
    public static JsonNode awaitStatus(Await.Probe<JsonNode> status, Predicate<JsonNode> until, Duration timeout) {
        return Await.until(status, until, timeout);
    }

    /** Waits until the sink has no pending row; fails with the last status if it still has some. */
    public static JsonNode awaitDrained(Await.Probe<JsonNode> status, Duration timeout) {
        JsonNode last = awaitStatus(status, s -> s.get("pending").asLong() == 0, timeout);
        if (last.get("pending").asLong() != 0) {
            throw new AssertionError("the sink's queue was not drained within " + timeout + ": " + last);
        }
        return last;
    }

    /**
     * Waits until the sink has no pending row, then requires the number of things observed (requests,
     * records) to stay unchanged for {@link #SETTLE}; returns what was observed then.
     */
    public static <T> List<T> awaitSettledAfterDrained(Await.Probe<List<T>> observed, Await.Probe<JsonNode> status,
                                                       Duration timeout, String what) {
        awaitDrained(status, timeout);
        Await.unchangedFor(() -> observed.read().size(), SETTLE, what + " after the queue was drained");
        return Await.until(observed, any -> true, Duration.ZERO);
    }

    /**
     * Exactly {@code expected} (0: nothing): waits until that many were observed, then as
     * {@link #awaitSettledAfterDrained}; fails unless the settled count is {@code expected}.
     */
    public static <T> List<T> awaitExactlyAfterDrained(Await.Probe<List<T>> observed, int expected,
                                                       Await.Probe<JsonNode> status, Duration timeout, String what) {
        Await.until(observed, seen -> seen.size() >= expected, timeout);
        List<T> settled = awaitSettledAfterDrained(observed, status, timeout, what);
        if (settled.size() != expected) {
            throw new AssertionError(what + ": " + settled.size() + " once settled, expected exactly " + expected
                    + ": " + settled);
        }
        return settled;
    }

    /** {@link #awaitSettledAfterDrained} for the requests a receiver's path got. */
    public static List<WebhookReceiver.Request> awaitSettledAfterDrained(WebhookReceiver receiver, String path,
                                                                        Await.Probe<JsonNode> status, Duration timeout) {
        return awaitSettledAfterDrained(() -> receiver.to(path), status, timeout, "requests to " + path);
    }

    /** {@link #awaitExactlyAfterDrained} for the requests a receiver's path got. */
    public static List<WebhookReceiver.Request> awaitExactlyAfterDrained(WebhookReceiver receiver, String path, int expected,
                                                                        Await.Probe<JsonNode> status, Duration timeout) {
        return awaitExactlyAfterDrained(() -> receiver.to(path), expected, status, timeout, "requests to " + path);
    }

    /**
     * The {@code ciam_events_deliveries_total} counter of one server (its management port's {@code /metrics})
     * for a realm's sink and outcome, summed over its series; 0 when the server has none.
     */
    public static long deliveriesCounted(String managementUrl, String realm, String sink, String outcome)
            throws IOException, InterruptedException {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(managementUrl + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return Math.round(metrics.lines().filter(l -> l.startsWith("ciam_events_deliveries_total{")
                        && l.contains("realm=\"" + realm + "\"") && l.contains("sink=\"" + sink + "\"")
                        && l.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum());
    }
}
