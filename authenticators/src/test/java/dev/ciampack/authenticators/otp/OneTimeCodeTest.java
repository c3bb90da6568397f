package dev.ciampack.authenticators.otp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OneTimeCodeTest {

    @Test
    @DisplayName("codes have the asked number of ASCII digits and vary")
    void generatedCodes() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String code = OneTimeCode.generate(6);
            assertThat(code).matches("[0-9]{6}");
            seen.add(code);
        }
        assertThat(seen.size()).isGreaterThan(190);
        assertThat(OneTimeCode.generate(8)).matches("[0-9]{8}");
    }

    @Test
    @DisplayName("typed codes may contain spaces and hyphens; anything else is refused with a reason")
    void normalization() {
        assertThat(OneTimeCode.normalize(" 123 456 ", 6).code()).isEqualTo("123456");
        assertThat(OneTimeCode.normalize("123-456", 6).code()).isEqualTo("123456");
        assertThat(OneTimeCode.normalize("", 6).problem()).isEqualTo(OneTimeCode.InputProblem.EMPTY);
        assertThat(OneTimeCode.normalize(null, 6).problem()).isEqualTo(OneTimeCode.InputProblem.EMPTY);
        assertThat(OneTimeCode.normalize("١٢٣٤٥٦", 6).problem()).isEqualTo(OneTimeCode.InputProblem.NOT_DIGITS);
        assertThat(OneTimeCode.normalize("１２３４５６", 6).problem()).isEqualTo(OneTimeCode.InputProblem.NOT_DIGITS);
        assertThat(OneTimeCode.normalize("12345", 6).problem()).isEqualTo(OneTimeCode.InputProblem.WRONG_LENGTH);
        assertThat(OneTimeCode.normalize("1".repeat(10_000), 6).problem()).isEqualTo(OneTimeCode.InputProblem.TOO_LONG);
        assertThat(OneTimeCode.normalize("12345\r\n6", 6).problem()).isEqualTo(OneTimeCode.InputProblem.NOT_DIGITS);
    }

    @Test
    @DisplayName("the keyed hash depends on key, code and binding, and compares equal only to itself")
    void keyedHash() {
        byte[] key = "0123456789abcdef0123456789abcdef".getBytes();
        String hash = OneTimeCode.hash(key, "123456", "session-a.tab1");

        assertThat(OneTimeCode.sameHash(hash, OneTimeCode.hash(key, "123456", "session-a.tab1"))).isTrue();
        assertThat(OneTimeCode.sameHash(hash, OneTimeCode.hash(key, "123457", "session-a.tab1"))).isFalse();
        assertThat(OneTimeCode.sameHash(hash, OneTimeCode.hash(key, "123456", "session-b.tab1"))).isFalse();
        assertThat(OneTimeCode.sameHash(hash, OneTimeCode.hash("another-key-0123456789abcdef0123".getBytes(),
                "123456", "session-a.tab1"))).isFalse();
        assertThat(hash).doesNotContain("123456");
        assertThat(OneTimeCode.sameHash(null, hash)).isFalse();
    }
}
