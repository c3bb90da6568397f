package dev.ciampack.events.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.jpa.entities.OutboxEntryStatus;

import dev.ciampack.events.sinks.Sink;

/** Per-sink delivery status, from Keycloak's outbox table. */
public final class SinkStatus {

    private SinkStatus() {
    }

    /**
     * The status line of the admin console's sinks page, e.g. {@code 12 pending, oldest 3 min · 2 dead letters · last
     * error: HTTP 503}. Counts are exact; the age is coarse (under a minute, minutes, hours, days), so that the line of a
     * healthy sink stays the same from one refresh to the next.
     */
    public static String line(boolean enabled, long pending, long oldestPendingAgeSeconds, long deadLetters,
                              String lastError) {
        return line(enabled, pending, oldestPendingAgeSeconds, deadLetters, lastError, null);
    }

    /** {@link #line}, and when the sink asked to be left alone ({@link SinkPause}), until when (to the second). */
    public static String line(boolean enabled, long pending, long oldestPendingAgeSeconds, long deadLetters,
                              String lastError, Instant pausedUntil) {
        List<String> parts = new ArrayList<>();
        if (!enabled) {
            parts.add("disabled");
        }
        if (pending == 0) {
            parts.add("nothing pending");
        } else {
            parts.add(pending + " pending, oldest " + age(oldestPendingAgeSeconds));
        }
        if (pausedUntil != null) {
            parts.add("paused until " + pausedUntil.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + " (the sink's Retry-After)");
        }
        if (deadLetters > 0) {
            parts.add(deadLetters + (deadLetters == 1 ? " dead letter" : " dead letters"));
        }
        if (lastError != null && !lastError.isBlank() && (pending > 0 || deadLetters > 0)) {
            String error = lastError.replaceAll("\\s+", " ").strip();
            parts.add("last error: " + (error.length() > 120 ? error.substring(0, 120) + "..." : error));
        }
        return String.join(" · ", parts);
    }

    /** {@link #line} of a sink, from the outbox table. */
    public static String line(KeycloakSession session, String realmId, String sinkId, boolean enabled) {
        OutboxRows rows = new OutboxRows(session);
        String owner = OutboxRows.owner(realmId, sinkId);
        Map<OutboxEntryStatus, Long> counts = rows.countStatusesForOwner(OutboxRows.KIND, owner);
        Instant pending = rows.oldestCreatedAtPerStatusForOwner(OutboxRows.KIND, owner).get(OutboxEntryStatus.PENDING);
        long pendingCount = counts.getOrDefault(OutboxEntryStatus.PENDING, 0L);
        long deadLetters = counts.getOrDefault(OutboxEntryStatus.DEAD_LETTER, 0L);
        return line(enabled, pendingCount, pending == null ? 0 : Duration.between(pending, Instant.now()).toSeconds(),
                deadLetters, pendingCount > 0 || deadLetters > 0 ? rows.lastError(realmId, sinkId) : null,
                SinkPause.until(session, owner));
    }

    static String age(long seconds) {
        if (seconds < 60) {
            return "under a minute";
        }
        if (seconds < 3600) {
            return (seconds / 60) + " min";
        }
        if (seconds < 86_400) {
            return (seconds / 3600) + " h";
        }
        return (seconds / 86_400) + (seconds < 2 * 86_400 ? " day" : " days");
    }

    /**
     * {@code {"pending": n, "deadLetter": n, "delivered": n, "oldestPendingAgeSeconds": s, "lastError": "...",
     * "pausedUntil": "…Z" or null, "basis": "...", "purposes": [...], "justification": "..."}}; {@code sink} is null
     * when the stored sink is not valid (then {@code "basis": null}: it sends nothing).
     */
    public static String status(KeycloakSession session, String realmId, String sinkId, Sink sink) {
        OutboxRows rows = new OutboxRows(session);
        String owner = OutboxRows.owner(realmId, sinkId);
        Map<OutboxEntryStatus, Long> counts = rows.countStatusesForOwner(OutboxRows.KIND, owner);
        Map<OutboxEntryStatus, Instant> oldest = rows.oldestCreatedAtPerStatusForOwner(OutboxRows.KIND, owner);
        ObjectNode node = new ObjectMapper().createObjectNode()
                .put("pending", counts.getOrDefault(OutboxEntryStatus.PENDING, 0L))
                .put("deadLetter", counts.getOrDefault(OutboxEntryStatus.DEAD_LETTER, 0L))
                .put("delivered", counts.getOrDefault(OutboxEntryStatus.DELIVERED, 0L));
        Instant pending = oldest.get(OutboxEntryStatus.PENDING);
        node.put("oldestPendingAgeSeconds", pending == null ? 0 : Duration.between(pending, Instant.now()).toSeconds());
        node.put("lastError", rows.lastError(realmId, sinkId));
        Instant paused = SinkPause.until(session, owner);
        node.put("pausedUntil", paused == null ? null : paused.toString());
        node.put("basis", sink == null ? null : sink.basis());
        if (sink != null) {
            sink.purposes().forEach(node.putArray("purposes")::add);
            if (sink.justification() != null) {
                node.put("justification", sink.justification());
            }
        }
        return node.toString();
    }
}
