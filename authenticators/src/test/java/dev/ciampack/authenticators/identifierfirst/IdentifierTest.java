package dev.ciampack.authenticators.identifierfirst;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ciampack.authenticators.otp.InvalidConfigException;

class IdentifierTest {

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "' ana@example.com '|EMAIL|ana@example.com",
        "(11) 98765-4321|PHONE|+5511987654321",
        "+1 415 555 2671|PHONE|+14155552671",
        "Ana.Silva|USERNAME|ana.silva",
        "12345|USERNAME|12345",
        "ana_2000|USERNAME|ana_2000",
    })
    void classifies(String typed, Identifier.Kind kind, String value) {
        assertThat(Identifier.parse(typed, "BR", true, true)).hasValue(new Identifier(kind, value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "two words", "@example.com", "ana@example.com\r\n", "+55 11", "+999 123456789"})
    @DisplayName("refuses blanks, spaces in usernames, bad addresses, control characters and invalid '+' numbers")
    void refuses(String typed) {
        assertThat(Identifier.parse(typed, "BR", true, true)).isEmpty();
    }

    @Test
    @DisplayName("refuses input over 254 characters, and kinds the realm does not accept")
    void limits() {
        assertThat(Identifier.parse("x".repeat(255), "", true, true)).isEmpty();
        assertThat(Identifier.parse("ana", "", true, false)).isEmpty();
        assertThat(Identifier.parse("(11) 98765-4321", "BR", false, true)).isEmpty();
        assertThat(Identifier.parse("ana@example.com", "", false, false))
                .hasValue(new Identifier(Identifier.Kind.EMAIL, "ana@example.com"));
    }

    @Test
    @DisplayName("routes: defaults, choices, and every refused value listed")
    void config() {
        assertThat(IdentifierFirstConfig.DEFAULTS).isEqualTo(
                new IdentifierFirstConfig("email-code", "sms-code", "password", true, "", "phone_number"));
        assertThat(IdentifierFirstConfig.parse(Map.of("email-route", "Magic-Link", "phone-route", "none",
                "username-route", "none", "passkeys", "false")).routeFor(Identifier.Kind.EMAIL)).isEqualTo("magic-link");
        try {
            IdentifierFirstConfig.parse(Map.of("email-route", "sms-code", "passkeys", "maybe", "default-region", "QQ"));
        } catch (InvalidConfigException e) {
            assertThat(e.errors()).containsExactlyInAnyOrder(
                    "email-route must be one of [email-code, magic-link, password], not 'sms-code'",
                    "Offer passkeys (passkeys) must be true or false",
                    "Default region (default-region) must be an ISO 3166 region code such as BR or US");
            return;
        }
        throw new AssertionError("not refused");
    }
}
