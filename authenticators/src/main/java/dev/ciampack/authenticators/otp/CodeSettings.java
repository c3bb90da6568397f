package dev.ciampack.authenticators.otp;

/** The limits every one-time-code step shares (email, SMS), with the bounds the DESIGN sets. */
public interface CodeSettings {

    BoundedSetting CODE_LENGTH = new BoundedSetting("code-length", "Code length", 6, 6, 8);
    BoundedSetting TTL = new BoundedSetting("code-ttl", "Code lifetime in seconds", 300, 60, 600);
    BoundedSetting MAX_ATTEMPTS = new BoundedSetting("max-attempts", "Wrong guesses per code", 5, 1, 10);
    BoundedSetting WRONG_CODES_PER_CLIENT =
            new BoundedSetting("max-wrong-codes-per-client", "Wrong codes per hour from one network", 20, 5, 1000);
    /** Whether the step shares Keycloak's brute-force lockout of the account ({@link Lockout}). */
    BooleanSetting BRUTE_FORCE_LOCKOUT =
            new BooleanSetting("brute-force-lockout", "Share Keycloak's account lockout", false);
    String BRUTE_FORCE_LOCKOUT_HELP = "Off by default: this step keeps its own guards (a few guesses per code, a "
            + "budget of wrong codes per network, single-use links) and ignores Keycloak's brute-force lockout, which "
            + "password failures on any client can trigger, so a stranger cannot silence a person's codes. On: wrong "
            + "codes count toward that lockout, and a locked account is sent a notice (that sign-in is paused, and "
            + "until when) instead of a code or link; the page says the same as for any address.";

    /** Keep the credentials, links and sessions of an account whose destination a code proves for the first time. */
    BooleanSetting KEEP_EARLIER_ACCESS = FirstProof.KEEP_EARLIER_ACCESS;

    int codeLength();

    int ttlSeconds();

    int maxAttempts();

    SendLimits sendLimits();

    int wrongCodesPerClientHourly();

    boolean bruteForceLockout();

    boolean signUp();

    boolean keepEarlierAccess();
}
