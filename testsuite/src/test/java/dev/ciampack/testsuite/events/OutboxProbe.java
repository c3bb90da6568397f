package dev.ciampack.testsuite.events;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ciampack.testsuite.junit.TestRealm;
import dev.ciampack.testsuite.server.HarnessSettings;

/**
 * The test-only probe of the shared server ({@code testsuite-probe}, {@code /realms/{realm}/ciam-test-probe}),
 * called with this JVM's probe token.
 */
final class OutboxProbe {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OutboxProbe() {
    }

    /** Fires {@code LOGIN} for the user through the realm's listeners; with {@code fail} the request then rolls back. */
    static int loginEvent(TestRealm realm, String userId, boolean fail) throws IOException, InterruptedException {
        return send(realm, "POST", "login-event?user=" + userId + (fail ? "&fail=true" : "")).statusCode();
    }

    /** Hands the {@code ciam-events} listener a {@code LOGIN} event of the user with this id, {@code times} times in one request. */
    static int sameLoginEvent(TestRealm realm, String userId, String eventId, int times)
            throws IOException, InterruptedException {
        return send(realm, "POST", "login-event?user=" + userId + "&event-id=" + eventId + "&times=" + times).statusCode();
    }

    /**
     * Writes sink {@code sink}'s pause entry with {@code until} as its end (epoch milliseconds, or text that is not a
     * time) for {@code seconds}; answers the HTTP status.
     */
    static int pauseNote(TestRealm realm, String sink, String until, int seconds) throws IOException, InterruptedException {
        return send(realm, "POST", "pause-note?sink=" + sink + "&until=" + until + "&seconds=" + seconds).statusCode();
    }

    /**
     * Makes a sink's rows older: the k-th of n (oldest first) {@code hours} hours and (n-1-k)·{@code stepMinutes}
     * minutes old. Answers {@code {"aged": n, "ids": [...]}}, ids oldest first.
     */
    static JsonNode age(TestRealm realm, int hours, String sink, int stepMinutes) throws IOException, InterruptedException {
        return json(send(realm, "POST", "age-outbox?hours=" + hours + "&sink=" + sink + "&step-minutes=" + stepMinutes));
    }

    /**
     * A sink's outbox rows (every sink's with {@code sink} null), oldest first: id, correlationId, type, user, status,
     * attempts, createdAt, nextAttemptAt, deliveredAt.
     */
    static JsonNode outbox(TestRealm realm, String sink) throws IOException, InterruptedException {
        return json(send(realm, "GET", sink == null ? "outbox" : "outbox?sink=" + sink));
    }

    /** The names of the indexes on OUTBOX_ENTRY, upper case (from the database's JDBC metadata). */
    static JsonNode outboxIndexes(TestRealm realm) throws IOException, InterruptedException {
        return json(send(realm, "GET", "outbox-indexes"));
    }

    /** Whether every row listed by {@link #outbox} is pending and none is due within {@code atLeast}. */
    static boolean parkedFor(JsonNode rows, java.time.Duration atLeast) {
        long until = System.currentTimeMillis() + atLeast.toMillis();
        for (JsonNode row : rows) {
            if (!row.get("status").asText().equals("PENDING") || row.get("nextAttemptAt").asLong() < until) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        if (response.statusCode() != 200) {
            throw new AssertionError("probe answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(TestRealm realm, String method, String pathAndQuery)
            throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(realm.url() + "/ciam-test-probe/" + pathAndQuery))
                        .header("X-Probe-Token", HarnessSettings.probeToken())
                        .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
