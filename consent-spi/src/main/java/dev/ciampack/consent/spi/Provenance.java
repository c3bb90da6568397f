package dev.ciampack.consent.spi;

import java.util.Objects;

/**
 * Who and what stands behind a decision. The store truncates the IP address (IPv4 to /24, IPv6 to
 * /48) and the user agent before writing them.
 *
 * @param channel   where the decision was made
 * @param actorId   the user id of whoever made it: the person, or an administrator
 * @param clientId  the OAuth client involved, if any
 * @param ipAddress the remote address, if known
 * @param userAgent the User-Agent header, if known
 * @param locale    the language the notice was shown in (e.g. {@code pt-BR}); its text is hashed
 * @param signal    a privacy signal the person's browser sent with the decision ({@value #GPC}: Global Privacy
 *                  Control, {@code Sec-GPC: 1}), or null
 */
public record Provenance(Channel channel, String actorId, String clientId, String ipAddress, String userAgent,
                         String locale, String signal) {

    /** The {@code signal} of a decision made while the browser sent Global Privacy Control ({@code Sec-GPC: 1}). */
    public static final String GPC = "gpc";

    public Provenance {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(actorId, "actorId");
    }

    /** A decision without a privacy signal. */
    public Provenance(Channel channel, String actorId, String clientId, String ipAddress, String userAgent, String locale) {
        this(channel, actorId, clientId, ipAddress, userAgent, locale, null);
    }

    /** Whether an HTTP request's {@code Sec-GPC} header value is the Global Privacy Control signal. */
    public static boolean isGpc(String secGpcHeader) {
        return secGpcHeader != null && secGpcHeader.strip().equals("1");
    }
}
