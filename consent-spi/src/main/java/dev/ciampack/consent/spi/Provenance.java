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
 */
public record Provenance(Channel channel, String actorId, String clientId, String ipAddress, String userAgent,
                         String locale) {

    public Provenance {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(actorId, "actorId");
    }
}
