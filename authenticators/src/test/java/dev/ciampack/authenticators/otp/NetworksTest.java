package dev.ciampack.authenticators.otp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NetworksTest {

    @Test
    @DisplayName("every IPv6 address of one /64 is one network, however it is written; the next /64 is another")
    void ipv6CountsBySlash64() {
        assertThat(Networks.of("2001:db8:1:2::1")).isEqualTo("2001:db8:1:2::/64");
        assertThat(Networks.of("2001:0db8:0001:0002:ffff:ffff:ffff:fffe")).isEqualTo("2001:db8:1:2::/64");
        assertThat(Networks.of("[2001:DB8:1:2:0:0:0:7]")).isEqualTo("2001:db8:1:2::/64");
        assertThat(Networks.of("2001:db8:1:3::1")).isEqualTo("2001:db8:1:3::/64");
    }

    @Test
    @DisplayName("an IPv4 address is its own network, also written IPv4-mapped; its neighbour is another")
    void ipv4CountsByAddress() {
        assertThat(Networks.of("203.0.113.10")).isEqualTo("203.0.113.10");
        assertThat(Networks.of("::ffff:203.0.113.10")).isEqualTo("203.0.113.10");
        assertThat(Networks.of("203.0.113.11")).isEqualTo("203.0.113.11");
    }

    @Test
    @DisplayName("what is not an address literal is never looked up: it stays its own key")
    void notALiteral() {
        assertThat(Networks.of("attacker.example")).isEqualTo("attacker.example");
        assertThat(Networks.of(null)).isEmpty();
        assertThat(Networks.of("1.2.3.999")).isEqualTo("1.2.3.999");
        assertThat(Networks.of("not:an:address")).isEqualTo("not:an:address");
    }
}
