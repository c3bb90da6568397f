package dev.ciampack.authenticators.otp;

/** The limits every one-time-code step shares (email, SMS), with the bounds the DESIGN sets. */
public interface CodeSettings {

    BoundedSetting CODE_LENGTH = new BoundedSetting("code-length", "Code length", 6, 6, 8);
    BoundedSetting TTL = new BoundedSetting("code-ttl", "Code lifetime in seconds", 300, 60, 600);
    BoundedSetting MAX_ATTEMPTS = new BoundedSetting("max-attempts", "Wrong guesses per code", 5, 1, 10);
    BoundedSetting WRONG_CODES_PER_CLIENT =
            new BoundedSetting("max-wrong-codes-per-client", "Wrong codes per hour from one network", 20, 5, 1000);
    /** Whether wrong codes also count in Keycloak's brute-force detection of the account (off: a stranger cannot lock it). */
    BooleanSetting BRUTE_FORCE_LOCKOUT =
            new BooleanSetting("brute-force-lockout", "Wrong codes count toward account lockout", false);

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
