package dev.ciampack.events.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The delays between delivery attempts, e.g. {@code 5s,5m,30m,2h,5h,10h,10h} (Standard Webhooks'
 * schedule after the immediate first attempt): one attempt more than delays, then the row is
 * dead-lettered. Keycloak's outbox adds ±25 % jitter to each delay.
 */
public final class RetrySchedule {

    public static final String STANDARD_WEBHOOKS = "5s,5m,30m,2h,5h,10h,10h";
    private static final Pattern DELAY = Pattern.compile("([0-9]{1,5})(s|m|h)");

    private RetrySchedule() {
    }

    /** @throws IllegalArgumentException saying what is wrong */
    public static List<Duration> parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("retry-schedule is empty");
        }
        String[] parts = text.split(",", -1);
        if (parts.length > 20) {
            throw new IllegalArgumentException("retry-schedule holds at most 20 delays");
        }
        List<Duration> delays = new ArrayList<>();
        for (String part : parts) {
            Matcher m = DELAY.matcher(part.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("retry-schedule: '" + (part.length() > 20 ? part.substring(0, 20) : part)
                        + "' is not a delay such as 30s, 5m or 2h");
            }
            long n = Long.parseLong(m.group(1));
            Duration delay = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
            if (delay.isZero() || delay.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("retry-schedule: each delay must be from 1s to 24h");
            }
            delays.add(delay);
        }
        return List.copyOf(delays);
    }

    /** Sum of the delays: how long a row may keep retrying. */
    public static Duration total(List<Duration> delays) {
        return delays.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
