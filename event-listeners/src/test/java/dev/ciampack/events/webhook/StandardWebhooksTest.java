package dev.ciampack.events.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StandardWebhooksTest {

    /** The example of the Standard Webhooks specification and reference libraries. */
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final String BODY = "{\"test\": 2432232314}";

    @Test
    @DisplayName("signs the specification's example exactly as the reference libraries do")
    void specificationExample() {
        assertThat(StandardWebhooks.sign(SECRET, ID, TIMESTAMP, BODY))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    @DisplayName("while a secret rotates, the header carries one signature per secret and either verifies")
    void rotation() {
        String next = StandardWebhooks.newSecret();
        String header = StandardWebhooks.header(List.of(SECRET, next), ID, TIMESTAMP, BODY);

        assertThat(header.split(" ")).hasSize(2);
        assertThat(StandardWebhooks.verify(SECRET, header, ID, TIMESTAMP, BODY)).isTrue();
        assertThat(StandardWebhooks.verify(next, header, ID, TIMESTAMP, BODY)).isTrue();
        assertThat(StandardWebhooks.verify(StandardWebhooks.newSecret(), header, ID, TIMESTAMP, BODY)).isFalse();
        assertThat(StandardWebhooks.verify(SECRET, header, ID, TIMESTAMP + 1, BODY)).as("timestamp is signed").isFalse();
        assertThat(StandardWebhooks.verify(SECRET, header, ID, TIMESTAMP, BODY + " ")).as("body is signed").isFalse();
    }

    @Test
    @DisplayName("a key id names a secret without revealing it: stable, different per secret, not the secret's bytes")
    void keyId() {
        String other = StandardWebhooks.newSecret();

        assertThat(StandardWebhooks.keyId(SECRET)).isEqualTo(StandardWebhooks.keyId(SECRET)).matches("k_[A-Za-z0-9_-]{16}");
        assertThat(StandardWebhooks.keyId(other)).isNotEqualTo(StandardWebhooks.keyId(SECRET));
        assertThat(StandardWebhooks.keyId(SECRET)).doesNotContain(SECRET.substring(6, 14));
        // SHA-256 of the key bytes, base64url: the value a consumer computes from the secret it holds.
        assertThat(StandardWebhooks.keyId(SECRET)).isEqualTo("k_" + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(sha256(java.util.Base64.getDecoder().decode(SECRET.substring(6)))).substring(0, 16));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void refusesBadSecrets() {
        assertThatThrownBy(() -> StandardWebhooks.secretBytes("secret")).hasMessageContaining("starts with whsec_");
        assertThatThrownBy(() -> StandardWebhooks.secretBytes("whsec_!!!")).hasMessageContaining("followed by base64");
        assertThatThrownBy(() -> StandardWebhooks.secretBytes("whsec_c2hvcnQ=")).hasMessageContaining("24 to 64 bytes, not 5");
        assertThat(StandardWebhooks.newSecret()).startsWith("whsec_").hasSize(6 + 44);
    }
}
