package dev.ciampack.events.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SpecialAddressesTest {

    @Test
    @DisplayName("every special-purpose block is refused, including embedded IPv4 forms; public addresses are not")
    void specialPurposeBlocks() throws Exception {
        for (String special : new String[] {
            "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1",
            "100.100.100.200", "198.18.0.1", "198.19.255.255", "192.0.0.9", "192.0.2.10", "198.51.100.7", "203.0.113.9",
            "224.0.0.1", "240.0.0.1", "255.255.255.255",
            "::1", "::", "fd00:ec2::254", "fc00::1", "fe80::1", "fec0::1", "ff02::1", "2001:db8::1", "2001::1",
            "100::1", "3fff::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::127.0.0.1", "64:ff9b::a00:1",
            "64:ff9b::a9fe:a9fe", "64:ff9b:1::1", "2002:a00:1::1", "2002:7f00:1::"}) {
            assertThat(SpecialAddresses.isSpecial(InetAddress.getByName(special))).as(special).isTrue();
        }
        for (String open : new String[] {"8.8.8.8", "1.1.1.1", "100.63.255.255", "198.20.0.1", "2606:4700:4700::1111",
            "2a00:1450:4001::1", "64:ff9b::808:808", "2002:808:808::1"}) {
            assertThat(SpecialAddresses.isSpecial(InetAddress.getByName(open))).as(open).isFalse();
        }
    }

    @Test
    @DisplayName("a host is refused when any of its addresses is special, unless private sinks are allowed")
    void destinations() throws Exception {
        assertThat(Destinations.refused("127.0.0.1", false)).isTrue();
        assertThat(Destinations.refused("127.0.0.1", true)).isFalse();
        assertThat(Destinations.refused("8.8.8.8", false)).isFalse();
        assertThat(Destinations.checked("8.8.8.8", false).getHostAddress()).isEqualTo("8.8.8.8");
    }
}
