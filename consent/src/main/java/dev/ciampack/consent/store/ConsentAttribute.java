package dev.ciampack.consent.store;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import dev.ciampack.consent.spi.ConsentAttributes;
import dev.ciampack.consent.spi.ConsentState;
import dev.ciampack.consent.spi.Decision;

/**
 * The value of the user attribute holding the current decision on one purpose (named by
 * {@link ConsentAttributes#name}): {@code <decision>|<version>|<UTC time>|<ledger sequence>}, e.g.
 * {@code granted|2|2026-11-29T10:15:30Z|7}. The sequence makes every write differ from the last one:
 * Keycloak skips writing a value equal to the one it holds, and a copy of the user read before a
 * concurrent change would otherwise lose that change.
 */
public final class ConsentAttribute {

    private ConsentAttribute() {
    }

    public static String format(ConsentState state, long sequence) {
        return state.decision().value() + "|" + state.version() + "|"
                + state.decidedAt().truncatedTo(ChronoUnit.SECONDS) + "|" + sequence;
    }

    /** Parses a stored value; a malformed value reads as "never decided". */
    public static Optional<ConsentState> parse(String purposeId, String value) {
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split("\\|");
        if (parts.length != 3 && parts.length != 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ConsentState(purposeId, Decision.parse(parts[0]), Integer.parseInt(parts[1]),
                    Instant.parse(parts[2])));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
