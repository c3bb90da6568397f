package dev.ciampack.authenticators.identifierfirst;

import java.util.Locale;
import java.util.Optional;

import org.keycloak.services.validation.Validation;

import dev.ciampack.authenticators.sms.PhoneNumbers;

/**
 * What a person typed in the identifier field: an email address (has "@"), a phone number (digits,
 * "+", spaces, dashes, dots, brackets, valid in a numbering plan), or a username (anything else
 * printable). Values are normalized: addresses trimmed, numbers in E.164, usernames lower-cased.
 */
public record Identifier(Kind kind, String value) {

    public enum Kind {
        EMAIL("email"), PHONE("phone"), USERNAME("username");

        private final String value;

        Kind(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        public static Kind parse(String value) {
            for (Kind kind : values()) {
                if (kind.value.equals(value)) {
                    return kind;
                }
            }
            return null;
        }
    }

    public static final int MAX_LENGTH = 254;

    /** The identifier, or empty when the input is none of the three (or a kind the realm does not accept). */
    public static Optional<Identifier> parse(String typed, String defaultRegion, boolean phones, boolean usernames) {
        if (typed == null || typed.length() > MAX_LENGTH || typed.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        String text = typed.strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.contains("@")) {
            return Validation.isEmailValid(text) ? Optional.of(new Identifier(Kind.EMAIL, text)) : Optional.empty();
        }
        if (phones && text.matches("[+0-9 ().-]+") && text.chars().filter(Character::isDigit).count() >= 6) {
            Optional<String> e164 = PhoneNumbers.toE164(text, defaultRegion);
            if (e164.isPresent()) {
                return Optional.of(new Identifier(Kind.PHONE, e164.get()));
            }
            if (!usernames || text.startsWith("+")) {
                return Optional.empty();
            }
        }
        if (usernames && text.length() <= 255 && text.codePoints().noneMatch(Character::isWhitespace)) {
            return Optional.of(new Identifier(Kind.USERNAME, text.toLowerCase(Locale.ROOT)));
        }
        return Optional.empty();
    }
}
