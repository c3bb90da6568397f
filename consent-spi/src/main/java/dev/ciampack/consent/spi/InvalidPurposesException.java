package dev.ciampack.consent.spi;

import java.util.List;

/** Thrown when purpose definitions are rejected; {@link #errors()} lists every problem found. */
public final class InvalidPurposesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> errors;

    public InvalidPurposesException(List<String> errors) {
        super("invalid consent purposes: " + String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
