package dev.ciampack.events.listener;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The HTTP {@code Retry-After} header: delay seconds or an HTTP date. */
final class RetryAfter {

    private RetryAfter() {
    }

    /** When to try again, or null when the value is neither form. */
    static Instant parse(String value, Instant now) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.matches("\\d{1,9}")) {
            return now.plusSeconds(Long.parseLong(v));
        }
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
