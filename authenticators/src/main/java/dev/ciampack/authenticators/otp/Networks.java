package dev.ciampack.authenticators.otp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The network a client address belongs to, as the send limits count it.
 *
 * <p>IPv6: the {@code /64}. It is the smallest block an internet provider hands a site (RFC 6177), and a host can
 * pick any address inside it at will, so counting single IPv6 addresses would give one host unlimited "networks".
 * IPv4 (and IPv4-mapped IPv6, which Java reads as IPv4): the address itself. Addresses are scarce and cost an
 * attacker one each, while a {@code /24} would put up to 256 unrelated households of one provider, or a carrier-grade
 * NAT's customers, under one budget.
 */
final class Networks {

    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Networks() {
    }

    /**
     * The network of a textual address: {@code a.b.c.d} for IPv4, the first four groups and {@code ::/64} for IPv6;
     * anything that is not a literal address (null, a host name, garbage) is its own network, lower-cased.
     */
    static String of(String address) {
        String literal = address == null ? "" : address.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        // Only literals reach InetAddress, so it never looks a name up.
        if (literal.indexOf(':') < 0 && !DOTTED_QUAD.matcher(literal).matches()) {
            return literal.toLowerCase(Locale.ROOT);
        }
        InetAddress parsed;
        try {
            parsed = InetAddress.getByName(literal);
        } catch (UnknownHostException | SecurityException e) {
            return literal.toLowerCase(Locale.ROOT);
        }
        if (parsed instanceof Inet4Address) {
            return parsed.getHostAddress();
        }
        byte[] bytes = parsed.getAddress();
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
        }
        return prefix.append(":/64").toString();
    }
}
