package dev.ciampack.authenticators.magiclink;

import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The magic-link state of one authentication session, kept in its notes: the account the link is for
 * (empty when the address belongs to no eligible account: nothing is sent), the address, the keyed
 * hash of the current link's nonce, its expiry, the cross-device mode it was issued under, where the
 * flow resumes, a coarse description of the browser that asked, and whether the link was confirmed.
 * Neither the link nor its nonce is stored.
 */
record LinkState(String userId, String email, String nonceHash, long expiresAt, String crossDevice,
                 String resumeUrl, String requestedFrom, boolean confirmed) {

    private static final String P = "ciam-magic-link.";
    private static final String[] NOTES = {"user", "email", "nonce", "expires", "cross-device", "resume", "from",
        "confirmed"};

    static LinkState read(AuthenticationSessionModel auth) {
        String email = auth.getAuthNote(P + "email");
        if (email == null) {
            return null;
        }
        String expires = auth.getAuthNote(P + "expires");
        return new LinkState(auth.getAuthNote(P + "user"), email, auth.getAuthNote(P + "nonce"),
                expires == null ? 0 : Long.parseLong(expires), auth.getAuthNote(P + "cross-device"),
                auth.getAuthNote(P + "resume"), auth.getAuthNote(P + "from"),
                "true".equals(auth.getAuthNote(P + "confirmed")));
    }

    void write(AuthenticationSessionModel auth) {
        auth.setAuthNote(P + "user", userId == null ? "" : userId);
        auth.setAuthNote(P + "email", email);
        set(auth, "nonce", nonceHash);
        auth.setAuthNote(P + "expires", String.valueOf(expiresAt));
        set(auth, "cross-device", crossDevice);
        set(auth, "resume", resumeUrl);
        set(auth, "from", requestedFrom);
        set(auth, "confirmed", confirmed ? "true" : null);
    }

    static void clear(AuthenticationSessionModel auth) {
        for (String note : NOTES) {
            auth.removeAuthNote(P + note);
        }
    }

    /** A link went to an existing account. */
    boolean isEligible() {
        return userId != null && !userId.isEmpty();
    }

    boolean hasLink() {
        return nonceHash != null;
    }

    LinkState confirm() {
        return new LinkState(userId, email, nonceHash, expiresAt, crossDevice, resumeUrl, requestedFrom, true);
    }

    LinkState spent() {
        return new LinkState(userId, email, null, 0, crossDevice, resumeUrl, requestedFrom, false);
    }

    private static void set(AuthenticationSessionModel auth, String name, String value) {
        if (value == null) {
            auth.removeAuthNote(P + name);
        } else {
            auth.setAuthNote(P + name, value);
        }
    }
}
