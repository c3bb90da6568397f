package dev.ciampack.authenticators.magiclink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceSummaryTest {

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '^', value = {
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36^Chrome|Linux",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0^Edge|Windows",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1^Safari|iOS",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0^Firefox|macOS",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36^Chrome|Android",
        "Java-http-client/17.0.12^|",
        "''^|"
    })
    void summarizes(String userAgent, String expected) {
        assertThat(DeviceSummary.of(userAgent)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.DisplayName("a summary's parts: product names, or null for what is unknown (the page words them)")
    void parts() {
        assertThat(DeviceSummary.browser("Chrome|Linux")).isEqualTo("Chrome");
        assertThat(DeviceSummary.system("Chrome|Linux")).isEqualTo("Linux");
        assertThat(DeviceSummary.browser("|Linux")).isNull();
        assertThat(DeviceSummary.system("Chrome|")).isNull();
        assertThat(DeviceSummary.browser(null)).isNull();
        assertThat(DeviceSummary.system("Chrome on Linux")).as("a summary of an older release").isNull();
    }

    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.DisplayName("the time a link was asked for is written as the person's language writes times, in UTC")
    void requestedAtPerLanguage() {
        java.time.Instant at = java.time.Instant.parse("2026-12-06T14:05:00Z");
        assertThat(MagicLinkTokenHandler.requestedAt(at, java.util.Locale.US)).matches("2:05\\sPM UTC");
        assertThat(MagicLinkTokenHandler.requestedAt(at, java.util.Locale.forLanguageTag("pt-BR"))).isEqualTo("14:05 UTC");
    }
}
