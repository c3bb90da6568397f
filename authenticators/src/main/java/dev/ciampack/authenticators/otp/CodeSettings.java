package dev.ciampack.authenticators.otp;

/** The limits every one-time-code step shares (email, SMS), with the bounds the DESIGN sets. */
public interface CodeSettings {

    BoundedSetting CODE_LENGTH = new BoundedSetting("code-length", "Code length", 6, 6, 8);
    BoundedSetting TTL = new BoundedSetting("code-ttl", "Code lifetime in seconds", 300, 60, 600);
    BoundedSetting MAX_ATTEMPTS = new BoundedSetting("max-attempts", "Wrong guesses per code", 5, 1, 10);
    BoundedSetting RESEND_COOLDOWN = new BoundedSetting("resend-cooldown", "Seconds between two codes", 30, 10, 300);
    BoundedSetting SEND_WINDOW =
            new BoundedSetting("send-window", "Window for the code budget, in seconds", 900, 300, 86400);

    /** The per-window send budget, labelled for the destination ("address", "number"). */
    static BoundedSetting maxSends(String destination) {
        return new BoundedSetting("max-sends", "Codes per " + destination + " per window", 3, 1, 10);
    }

    int codeLength();

    int ttlSeconds();

    int maxAttempts();

    int resendCooldownSeconds();

    int maxSends();

    int sendWindowSeconds();

    boolean signUp();
}
