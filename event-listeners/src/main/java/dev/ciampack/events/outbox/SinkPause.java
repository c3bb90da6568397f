package dev.ciampack.events.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * A sink that answered {@code 429} or {@code 503} with {@code Retry-After} is paused until then, whole: RFC 9110
 * says how long the service expects to be unavailable, not when one request may come again, so the sink's new rows
 * wait too instead of each being tried (and answered the same) once. Kept in Keycloak's {@link
 * SingleUseObjectProvider} (cluster-wide, expiring by itself), so every node honours a pause one of them was told,
 * and an admin's retry-now, replay or ping ends it on all of them ({@link #resume}).
 */
public final class SinkPause {

    /** The longest pause a sink can ask for (as for a row's Retry-After). */
    static final Duration LONGEST = Duration.ofHours(24);
    private static final String KEY = "ciam-events.pause.";
    private static final String UNTIL = "until";

    private SinkPause() {
    }

    /** Pauses the sink of the outbox {@code owner} until {@code until} (at most {@link #LONGEST} from now); returns the end. */
    public static Instant pause(KeycloakSession session, String owner, Instant until) {
        Instant now = Instant.now();
        Instant end = until.isAfter(now.plus(LONGEST)) ? now.plus(LONGEST) : until;
        long seconds = Math.max(1, Duration.between(now, end).toSeconds() + 1);
        session.getProvider(SingleUseObjectProvider.class).put(KEY + owner, seconds,
                Map.of(UNTIL, Long.toString(end.toEpochMilli())));
        return end;
    }

    /** Until when the sink of {@code owner} is paused, or null when it is not. */
    public static Instant until(KeycloakSession session, String owner) {
        Map<String, String> notes = session.getProvider(SingleUseObjectProvider.class).get(KEY + owner);
        if (notes == null || notes.get(UNTIL) == null) {
            return null;
        }
        Instant until = Instant.ofEpochMilli(Long.parseLong(notes.get(UNTIL)));
        return until.isAfter(Instant.now()) ? until : null;
    }

    /** Ends the pause of a sink (an admin asked for its rows now). */
    public static void resume(KeycloakSession session, String realmId, String sinkId) {
        session.getProvider(SingleUseObjectProvider.class).remove(KEY + OutboxRows.owner(realmId, sinkId));
    }
}
