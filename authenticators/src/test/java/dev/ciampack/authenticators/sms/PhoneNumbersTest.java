package dev.ciampack.authenticators.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ciampack.authenticators.sms.log.LogSmsSenderFactory;

class PhoneNumbersTest {

    @ParameterizedTest(name = "{0} in {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "+55 11 98765-4321|''|+5511987654321",
        "(11) 98765-4321|BR|+5511987654321",
        "011 98765 4321|BR|+5511987654321",
        "+1 (415) 555-2671|''|+14155552671",
        "415.555.2671|us|+14155552671",
        "+44 7400 123456|BR|+447400123456",
    })
    void normalizes(String typed, String region, String e164) {
        assertThat(PhoneNumbers.toE164(typed, region)).hasValue(e164);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "12", "+1 555", "+55 11 9000+00000", "11 98765-4321", "+55 11 98765-4321\r\n",
        "+\u0665\u0665 11 98765 4321", "+\uff15\uff15 11 98765 4321", "+55 11 98765-4321 ext 12",
        "999999999999999999999999999999999", "+999 123456789"})
    @DisplayName("refuses non-numbers, letters, CR/LF, other scripts' digits, overlong input, unassigned numbers, "
            + "and local numbers without a default region")
    void refuses(String typed) {
        assertThat(PhoneNumbers.toE164(typed, "")).isEmpty();
    }

    @Test
    void masksAllButCountryCodeAndLastFour() {
        assertThat(PhoneNumbers.mask("+5511987654321")).isEqualTo("+55*******4321");
        assertThat(PhoneNumbers.mask("+14155552671")).isEqualTo("+1******2671");
        assertThat(PhoneNumbers.mask("garbage")).isEqualTo("***");
        assertThat(PhoneNumbers.mask(null)).isEqualTo("***");
    }

    @Test
    void regions() {
        assertThat(PhoneNumbers.isRegion("br")).isTrue();
        assertThat(PhoneNumbers.isRegion("XX")).isFalse();
        assertThat(PhoneNumbers.isRegion(null)).isFalse();
    }

    @Test
    @DisplayName("the log sender (development mode only) shows the text but never the full number")
    void logLine() {
        String dev = LogSmsSenderFactory.line("shop", "+5511987654321", "123456 is your code");
        assertThat(dev).contains("123456 is your code").contains("+55*******4321").doesNotContain("+5511987654321");
    }
}
