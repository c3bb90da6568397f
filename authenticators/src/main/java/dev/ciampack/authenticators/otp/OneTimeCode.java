package dev.ciampack.authenticators.otp;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.keycloak.common.util.SecretGenerator;

/**
 * One-time codes: drawn from Keycloak's {@link SecretGenerator} (SecureRandom), kept only as an HMAC-SHA256 bound to the
 * authentication session, compared in constant time. No method returns or logs a code except
 * {@link #generate}, whose result goes straight into the message sent to the person.
 */
public final class OneTimeCode {

    /** Longest input looked at; anything longer is refused before any other work. */
    public static final int MAX_INPUT = 64;

    private OneTimeCode() {
    }

    /** A code of {@code digits} decimal digits, leading zeros kept, from Keycloak's {@link SecretGenerator}. */
    public static String generate(int digits) {
        return SecretGenerator.getInstance().randomString(digits, SecretGenerator.DIGITS);
    }

    /** Why typed input is not a well-formed code. */
    public enum InputProblem {
        EMPTY, TOO_LONG, NOT_DIGITS, WRONG_LENGTH
    }

    /**
     * The digits of typed input: spaces and hyphens (as in "123 456" or "123-456") are dropped; only
     * ASCII digits count (no other scripts' digits, no full-width forms).
     */
    public static Input normalize(String typed, int digits) {
        if (typed == null || typed.isBlank()) {
            return new Input(null, InputProblem.EMPTY);
        }
        if (typed.length() > MAX_INPUT) {
            return new Input(null, InputProblem.TOO_LONG);
        }
        String compact = typed.strip().replace(" ", "").replace("-", "");
        for (int i = 0; i < compact.length(); i++) {
            char c = compact.charAt(i);
            if (c < '0' || c > '9') {
                return new Input(null, InputProblem.NOT_DIGITS);
            }
        }
        if (compact.length() != digits) {
            return new Input(null, InputProblem.WRONG_LENGTH);
        }
        return new Input(compact, null);
    }

    /** A normalized code, or the reason there is none. */
    public record Input(String code, InputProblem problem) {
        public Optional<String> value() {
            return Optional.ofNullable(code);
        }
    }

    /** HMAC-SHA256 of the code bound to {@code binding} (e.g. the authentication session), Base64. */
    public static String hash(byte[] key, String code, String binding) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(binding.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(code.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Constant-time comparison of two stored hashes. */
    public static boolean sameHash(String expected, String actual) {
        if (expected == null || actual == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII));
    }
}
