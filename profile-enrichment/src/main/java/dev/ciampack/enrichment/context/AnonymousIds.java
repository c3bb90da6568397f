package dev.ciampack.enrichment.context;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Analytics anonymous ids: their format, and the bounded, deduplicated list kept on a user. */
public final class AnonymousIds {

    /** Segment/GA style ids: UUIDs, cookie ids like "GA1.1.123.456", 8 to 128 of [A-Za-z0-9._:-]. */
    static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._:-]{8,128}");

    private AnonymousIds() {
    }

    public static boolean isValid(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }

    /** The list with {@code id} appended (newest last), without duplicates, at most {@code max} (oldest dropped). */
    public static List<String> add(List<String> current, String id, int max) {
        List<String> next = new ArrayList<>(current == null ? List.of() : current);
        next.remove(id);
        next.add(id);
        while (next.size() > max) {
            next.remove(0);
        }
        return next;
    }
}
