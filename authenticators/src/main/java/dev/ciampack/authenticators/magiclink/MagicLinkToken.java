package dev.ciampack.authenticators.magiclink;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.keycloak.authentication.actiontoken.DefaultActionToken;

/**
 * The signed action token inside a magic link: who it signs in (subject), the authentication session
 * and tab that asked for it, the client, an absolute expiry, and a random nonce of at least 128 bits
 * that is consumed once cluster-wide. The token is Keycloak's (signed with the realm's keys, served by
 * its action-token endpoint); the nonce is what makes it single use and what a newer link replaces.
 */
public final class MagicLinkToken extends DefaultActionToken {

    public static final String TOKEN_TYPE = "ciam-magic-link";

    @JsonProperty("ciam_nonce")
    private String nonce;

    public MagicLinkToken(String userId, int absoluteExpirationSeconds, String compoundAuthenticationSessionId,
                          String clientId, String nonce) {
        super(userId, TOKEN_TYPE, absoluteExpirationSeconds, UUID.randomUUID(), compoundAuthenticationSessionId);
        this.issuedFor = clientId;
        this.nonce = nonce;
    }

    /** For Jackson. */
    private MagicLinkToken() {
    }

    public String getNonce() {
        return nonce;
    }
}
