package dev.ciampack.consent.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TruncationTest {

    @Test
    @DisplayName("IPv4 addresses keep their /24 network, IPv6 their /48")
    void ipPrefixes() {
        assertThat(Truncation.ipPrefix("203.0.113.77")).isEqualTo("203.0.113.0/24");
        assertThat(Truncation.ipPrefix("127.0.0.1")).isEqualTo("127.0.0.0/24");
        assertThat(Truncation.ipPrefix("2001:db8:1:2::5")).isEqualTo("2001:db8:1::/48");
        assertThat(Truncation.ipPrefix("::1")).isEqualTo("::/48");
    }

    @Test
    @DisplayName("anything that is not an IP literal is dropped, never resolved")
    void nonLiteralsDropped() {
        assertThat(Truncation.ipPrefix("shop.example")).isNull();
        assertThat(Truncation.ipPrefix("")).isNull();
        assertThat(Truncation.ipPrefix(null)).isNull();
        assertThat(Truncation.ipPrefix("1.2.3.4; DROP TABLE")).isNull();
    }

    @Test
    @DisplayName("user agents are cut to 200 characters without control characters")
    void userAgents() {
        assertThat(Truncation.userAgent("x".repeat(500))).hasSize(200);
        assertThat(Truncation.userAgent("Mozilla/5.0\r\nX-Injected: 1")).isEqualTo("Mozilla/5.0  X-Injected: 1");
        assertThat(Truncation.userAgent(" ")).isNull();
    }

    @Test
    @DisplayName("the notice hash is SHA-256 of title, newline, description")
    void textHash() {
        // printf 'T\nD' | sha256sum
        assertThat(Truncation.textHash("T", "D"))
                .isEqualTo("d1ee079e9ce40d9498c2b712cdd09ecb7ea99914c0b3f72460bdde2a149d542e");
        assertThat(Truncation.textHash("T", "D")).hasSize(64).isNotEqualTo(Truncation.textHash("T", "d"));
    }
}
