package dev.ciampack.authenticators.profiling;

import java.util.List;

/** A progressive-profiling policy was refused; {@link #errors()} lists why. */
public final class InvalidPolicyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> errors;

    public InvalidPolicyException(List<String> errors) {
        super("progressive-profiling policy refused: " + String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
