package dev.ciampack.enrichment.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.ciampack.enrichment.segments.SegmentRules;

/** Typed settings of the login-context required action, with their bounds. */
public record LoginContextSettings(int minIntervalMinutes, int maxAnonymousIds, String anonymousIdPurpose,
                                   String anonymousIdCookie, boolean anonymousIdFrontChannel, SegmentRules segments,
                                   String segmentsPurpose) {

    public static final String MIN_INTERVAL = "min-interval-minutes";
    public static final String MAX_ANONYMOUS_IDS = "max-anonymous-ids";
    public static final String PURPOSE = "anonymous-id-purpose";
    public static final String COOKIE = "anonymous-id-cookie";
    /**
     * Opt-in: take the id from the plain front-channel parameter, which anyone can put into a sign-in link (see
     * {@link VouchedAnonymousIdExecutorFactory} for the way a client vouches for it instead).
     */
    public static final String FRONT_CHANNEL = "anonymous-id-front-channel";
    /** Segment rules (JSON list), see {@link SegmentRules}. */
    public static final String SEGMENTS = "segments";
    /** Segments are computed (profiling) only for people who granted this purpose. */
    public static final String SEGMENTS_PURPOSE = "segments-purpose";
    /** The authorization request parameter an application passes its anonymous id in. */
    public static final String PARAMETER = "ciam_anonymous_id";

    public static final LoginContextSettings DEFAULTS = new LoginContextSettings(15, 10, "analytics", "", false,
            SegmentRules.NONE, "personalization");

    /** @throws IllegalArgumentException naming every refused value */
    public static LoginContextSettings parse(Map<String, String> config) {
        Map<String, String> c = config == null ? Map.of() : config;
        List<String> errors = new ArrayList<>();
        int interval = number(c, MIN_INTERVAL, DEFAULTS.minIntervalMinutes(), 0, 1440, errors);
        int max = number(c, MAX_ANONYMOUS_IDS, DEFAULTS.maxAnonymousIds(), 1, 50, errors);
        String purpose = c.getOrDefault(PURPOSE, "").strip();
        if (purpose.isEmpty()) {
            purpose = DEFAULTS.anonymousIdPurpose();
        } else if (!purpose.matches("[a-z][a-z0-9_]{0,39}")) {
            errors.add(PURPOSE + " must be a consent purpose id");
        }
        String segmentsPurpose = c.getOrDefault(SEGMENTS_PURPOSE, "").strip();
        if (segmentsPurpose.isEmpty()) {
            segmentsPurpose = DEFAULTS.segmentsPurpose();
        } else if (!segmentsPurpose.matches("[a-z][a-z0-9_]{0,39}")) {
            errors.add(SEGMENTS_PURPOSE + " must be a consent purpose id");
        }
        String cookie = c.getOrDefault(COOKIE, "").strip();
        if (!cookie.isEmpty() && !cookie.matches("[A-Za-z0-9_.-]{1,64}")) {
            errors.add(COOKIE + " must be a cookie name (letters, digits, '_', '.', '-')");
        }
        String frontChannel = c.getOrDefault(FRONT_CHANNEL, "").strip();
        if (!frontChannel.isEmpty() && !frontChannel.equals("true") && !frontChannel.equals("false")) {
            errors.add(FRONT_CHANNEL + " must be true or false");
        }
        SegmentRules segments = SegmentRules.NONE;
        try {
            segments = SegmentRules.parse(c.get(SEGMENTS));
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        return new LoginContextSettings(interval, max, purpose, cookie, frontChannel.equals("true"), segments,
                segmentsPurpose);
    }

    private static int number(Map<String, String> c, String key, int fallback, int min, int max, List<String> errors) {
        String raw = c.get(key);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(key + " must be a whole number from " + min + " to " + max);
        return fallback;
    }
}
