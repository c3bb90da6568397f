package dev.ciampack.consent.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Data minimisation for the ledger: truncated addresses and user agents, hashed notice texts. */
public final class Truncation {

    static final int IPV4_PREFIX = 24;
    static final int IPV6_PREFIX = 48;
    static final int MAX_USER_AGENT = 200;
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.]+(%[\\w.]+)?");

    private Truncation() {
    }

    /** {@code 203.0.113.77} → {@code 203.0.113.0/24}; {@code 2001:db8:1:2::5} → {@code 2001:db8:1::/48}. */
    public static String ipPrefix(String address) {
        if (address == null || address.isBlank() || !IP_LITERAL.matcher(address.trim()).matches()) {
            return null;
        }
        try {
            String literal = address.trim().replaceAll("%.*$", "");
            byte[] bytes = InetAddress.getByName(literal).getAddress();
            int prefix = bytes.length == 4 ? IPV4_PREFIX : IPV6_PREFIX;
            for (int bit = prefix; bit < bytes.length * 8; bit++) {
                bytes[bit / 8] &= (byte) ~(1 << (7 - bit % 8));
            }
            String network = InetAddress.getByAddress(bytes).getHostAddress();
            if (bytes.length == 16) {
                network = compressIpv6(network);
            }
            return network + "/" + prefix;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    public static String userAgent(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return null;
        }
        String clean = userAgent.replaceAll("\\p{Cntrl}", " ").trim();
        return clean.length() > MAX_USER_AGENT ? clean.substring(0, MAX_USER_AGENT) : clean;
    }

    /** SHA-256 (hex) of the notice as shown: title, a newline, description. */
    public static String textHash(String title, String description) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((title + "\n" + description).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String compressIpv6(String full) {
        // Java prints 2001:db8:1:0:0:0:0:0; shorten the longest run of zero groups to '::'.
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < groups.length; ) {
            if (groups[i].equals("0")) {
                int j = i;
                while (j < groups.length && groups[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestLen < 2) {
            return full;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
        return head + "::" + tail;
    }
}
