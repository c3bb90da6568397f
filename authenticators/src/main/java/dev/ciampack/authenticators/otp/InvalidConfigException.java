package dev.ciampack.authenticators.otp;

import java.util.List;

/** An authenticator's realm configuration breaks its safe bounds; {@link #errors()} says how. */
public final class InvalidConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> errors;

    public InvalidConfigException(String providerId, List<String> errors) {
        super(providerId + " configuration refused: " + String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
