package dev.ciampack.authenticators.otp;

/** The limits every one-time-code step shares (email, SMS). */
public interface CodeSettings {

    int codeLength();

    int ttlSeconds();

    int maxAttempts();

    int resendCooldownSeconds();

    int maxSends();

    int sendWindowSeconds();

    boolean signUp();
}
