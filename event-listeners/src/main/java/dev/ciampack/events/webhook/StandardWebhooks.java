package dev.ciampack.events.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signatures of the Standard Webhooks specification (standardwebhooks.com): the signed content is
 * {@code <webhook-id>.<webhook-timestamp>.<body>}, signed with HMAC-SHA256 under the secret's bytes
 * (the base64 part after {@code whsec_}); {@code webhook-signature} holds {@code v1,<base64>} for each
 * active secret, separated by spaces, so a receiver accepts any of them while a secret rotates.
 */
public final class StandardWebhooks {

    public static final String PREFIX = "whsec_";
    /** Secrets shorter than this (bytes) are refused: the specification recommends 24 to 64. */
    public static final int MIN_SECRET_BYTES = 24;
    public static final int MAX_SECRET_BYTES = 64;

    private StandardWebhooks() {
    }

    /** The header naming, in signature order, the key id of each secret that signed a Kafka record. */
    public static final String KEY_ID_HEADER = "ciam-key-id";

    /**
     * A secret's public key id: {@code k_} and the first 16 characters of the unpadded base64url SHA-256 of its key
     * bytes. It names the secret (a consumer computes it from the secrets it holds, to pick the one to check)
     * without revealing it.
     */
    public static String keyId(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secretBytes(secret));
            return "k_" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** The key bytes of a {@code whsec_...} secret. */
    public static byte[] secretBytes(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a webhook secret is " + PREFIX + " followed by base64");
        }
        if (key.length < MIN_SECRET_BYTES || key.length > MAX_SECRET_BYTES) {
            throw new IllegalArgumentException("a webhook secret holds " + MIN_SECRET_BYTES + " to " + MAX_SECRET_BYTES
                    + " bytes, not " + key.length);
        }
        return key;
    }

    /** A new random secret in the {@code whsec_} form. */
    public static String newSecret() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** {@code v1,<base64 HMAC-SHA256>} for one secret. */
    public static String sign(String secret, String id, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretBytes(secret), "HmacSHA256"));
            byte[] signature = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The {@code webhook-signature} header value: one signature per active secret, space-separated. */
    public static String header(List<String> secrets, String id, long timestampSeconds, String body) {
        List<String> signatures = new ArrayList<>();
        for (String secret : secrets) {
            signatures.add(sign(secret, id, timestampSeconds, body));
        }
        return String.join(" ", signatures);
    }

    /** Whether any signature of a header matches {@code secret} (constant-time comparison). */
    public static boolean verify(String secret, String header, String id, long timestampSeconds, String body) {
        byte[] expected = sign(secret, id, timestampSeconds, body).getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (String candidate : header.split(" ")) {
            match |= MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII));
        }
        return match;
    }
}
