package dev.ciampack.consent.spi;

import java.util.Locale;

/** A person's answer for one purpose. */
public enum Decision {
    GRANTED,
    WITHDRAWN;

    /** {@code granted} or {@code withdrawn}, as in JSON and attribute values. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code granted} / {@code withdrawn} (any case). */
    public static Decision parse(String value) {
        if (value != null) {
            for (Decision d : values()) {
                if (d.name().equalsIgnoreCase(value.trim())) {
                    return d;
                }
            }
        }
        throw new IllegalArgumentException("decision must be 'granted' or 'withdrawn', not '" + value + "'");
    }
}
