package dev.ciampack.testsuite.review;

import static dev.ciampack.testsuite.review.ReviewSupport.basicUser;
import static dev.ciampack.testsuite.review.ReviewSupport.sinkComponent;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ciampack.testsuite.events.Deliveries;
import dev.ciampack.testsuite.events.WebhookReceiver;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.junit.TestRealm;

/**
 * Review of issue 12, guarantee 1 ("no sink secret is readable ... by anyone"). The components API keeps a
 * secret that is sent back masked ({@code **********}) whatever else changes in the same request. The attack: an
 * administrator who can never read a sink's secret re-points a Segment sink's URL (the write key goes out as
 * HTTP Basic), or turns a webhook sink into a Segment sink (its {@code whsec_} secret goes out as HTTP Basic),
 * sending the masked secret back. Before the fix the change was accepted and Keycloak sent the secret to the
 * address of their choice. Keycloak itself treats the same pattern as a vulnerability: CVE-2024-5967 (LDAP bind
 * credential kept while the connection URL is changed), fixed by requiring the credential again when the
 * destination changes.
 *
 * <p>Now {@code SinkComponents.validateConfiguration} does the same: through the components API, a change of a
 * sink's type or destination that keeps the stored secret is refused. The tests check that the attacker's
 * endpoint never receives the secret, and (the control) that a re-point with a new secret is accepted and sends
 * only that one.
 *
 * <p>The attacker here holds exactly what guarantee 2 demands for changing sinks (manage-realm and
 * view-users): reading secrets is still not theirs (the control shows them masked to this very admin).
 */
class SinkSecretRepointIT {

    private static final String WRITE_KEY = "wk" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private static final String HOOK_SECRET = ReviewSupport.alphanumericWebhookSecret();
    private static final WebhookReceiver receiver = new WebhookReceiver();

    @RegisterExtension
    static final TestRealm realm = TestRealm.create().customize(r -> r.setEventsListeners(List.of("jboss-logging", "ciam-events")));

    private static Rest sinkAdmin;

    @BeforeAll
    static void setUp() {
        sinkAdmin = ReviewSupport.adminWith(realm, "sink-admin", "manage-realm", "view-users");
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    /** The operator's sinks: a Segment sink and a webhook sink, literal secrets, sign-ins only. */
    @BeforeEach
    void operatorSinks() {
        realm.adminRest().put(realm.adminUrl() + "/ciam-events/sinks", "["
                + "{\"id\": \"cdp\", \"type\": \"segment\", \"url\": \"" + receiver.url("/cdp") + "\", \"writeKey\": \""
                + WRITE_KEY + "\", \"events\": [\"user.logged_in\"]" + Deliveries.NOT_CONSENT + "},"
                + "{\"id\": \"crm\", \"url\": \"" + receiver.url("/crm") + "\", \"secrets\": [\"" + HOOK_SECRET + "\"], "
                + "\"events\": [\"user.logged_in\"]" + Deliveries.NOT_CONSENT + "}]").expect(200);
    }

    /** Changes a sink component as {@code sinkAdmin}, the secret left as the API showed it (masked); the status. */
    private static int changeKeepingMaskedSecret(String sink, java.util.function.Consumer<ObjectNode> change) {
        JsonNode component = sinkComponent(sinkAdmin, realm, sink);
        assertThat(component.at("/config/secret/0").asText()).as("control: this admin cannot read the secret")
                .isEqualTo("**********");
        change.accept((ObjectNode) component.get("config"));
        return sinkAdmin.put(realm.adminUrl() + "/components/" + component.get("id").asText(), component).status();
    }

    /** Basic-auth user names that reached {@code path} after one sign-in of alice, once the sink's queue is drained. */
    private static List<String> basicUsersAt(String path, String sink) {
        realm.newLogin().passwordLogin(TestRealm.USERNAME, TestRealm.PASSWORD);
        Deliveries.awaitSettledAfterDrained(receiver, path, Deliveries.status(realm.adminRest(), realm.adminUrl(), sink),
                Duration.ofSeconds(30));
        return receiver.to(path).stream().map(r -> basicUser(r.headers().get("authorization"))).toList();
    }

    @Test
    @DisplayName("attack refused: re-pointing a Segment sink's URL with the write key sent back masked "
            + "does not deliver the write key to the new URL")
    void segmentUrlSwapKeepsWriteKey() {
        int status = changeKeepingMaskedSecret("cdp", config -> config.putArray("url").add(receiver.url("/attacker-cdp")));

        List<String> received = basicUsersAt("/attacker-cdp", "cdp");

        // Safe outcomes: the change is refused (the secret must be typed again when the URL changes), or nothing
        // carrying the old key reaches the new URL. (Before the fix: 204, and the key arrived in clear, as Basic.)
        assertThat(received).as("PUT /components answered %d; the attacker's endpoint received the write key", status)
                .doesNotContain(WRITE_KEY);
    }

    @Test
    @DisplayName("attack refused: turning a webhook sink into a Segment sink with the secret sent back masked does not deliver the whsec_ secret")
    void webhookToSegmentKeepsSigningSecret() {
        int status = changeKeepingMaskedSecret("crm", config -> {
            config.putArray("type").add("segment");
            config.putArray("url").add(receiver.url("/attacker-crm"));
        });

        List<String> received = basicUsersAt("/attacker-crm", "crm");

        assertThat(received).as("PUT /components answered %d; the attacker's endpoint received the webhook secret", status)
                .doesNotContain(HOOK_SECRET);
    }

    @Test
    @DisplayName("attack refused: re-pointing a Segment sink with a new secondary secret beside the masked write key is "
            + "refused (400) and the write key never reaches the new URL")
    void segmentUrlSwapWithNewSecondary() {
        int status = changeKeepingMaskedSecret("cdp", config -> {
            config.putArray("url").add(receiver.url("/attacker-cdp2"));
            config.putArray("secondarySecret").add("wk-attackers-own");
        });

        List<String> received = basicUsersAt("/attacker-cdp2", "cdp");

        assertThat(status).as("every stored secret must be given anew on a move").isEqualTo(400);
        assertThat(received).doesNotContain(WRITE_KEY);
    }

    @Test
    @DisplayName("attack refused: moving a Kafka sink to other brokers keeps none of its stored secrets: its password and "
            + "each signing secret must be given anew (400 otherwise); with all of them new, the move is accepted")
    void kafkaSecretsMustBeGivenAnew() {
        realm.adminRest().put(realm.adminUrl() + "/ciam-events/sinks", "[{\"id\": \"stream\", \"type\": \"kafka\", "
                + "\"bootstrapServers\": [\"127.0.0.1:9\"], \"topic\": \"t\", \"securityProtocol\": \"SASL_PLAINTEXT\", "
                + "\"saslMechanism\": \"PLAIN\", \"username\": \"u\", \"password\": \"kafka-password-1\", "
                + "\"signingSecrets\": [\"" + ReviewSupport.alphanumericWebhookSecret() + "\", \""
                + ReviewSupport.alphanumericWebhookSecret() + "\"], \"events\": [\"user.logged_in\"]" + Deliveries.NOT_CONSENT
                + "}]").expect(200);
        String fresh = ReviewSupport.alphanumericWebhookSecret();
        String fresh2 = ReviewSupport.alphanumericWebhookSecret();

        int keptPassword = changeKeepingMaskedSecret("stream", config -> {
            config.putArray("bootstrapServers").add("127.0.0.2:9");
            config.putArray("signingSecret").add(fresh);
            config.putArray("secondarySigningSecret").add(fresh2);
        });
        int keptSecondarySigning = changeKeepingMaskedSecret("stream", config -> {
            config.putArray("bootstrapServers").add("127.0.0.2:9");
            config.putArray("secret").add("kafka-password-2");
            config.putArray("signingSecret").add(fresh);
        });
        int keptSigning = changeKeepingMaskedSecret("stream", config -> {
            config.putArray("bootstrapServers").add("127.0.0.2:9");
            config.putArray("secret").add("kafka-password-2");
            config.putArray("secondarySigningSecret").add(fresh2);
        });
        int allNew = changeKeepingMaskedSecret("stream", config -> {
            config.putArray("bootstrapServers").add("127.0.0.2:9");
            config.putArray("secret").add("kafka-password-2");
            config.putArray("signingSecret").add(fresh);
            config.putArray("secondarySigningSecret").add(fresh2);
        });

        assertThat(List.of(keptPassword, keptSecondarySigning, keptSigning)).containsOnly(400);
        assertThat(allNew).as("control: every secret given anew").isEqualTo(204);
        assertThat(sinkComponent(realm.adminRest(), realm, "stream").at("/config/bootstrapServers/0").asText())
                .isEqualTo("127.0.0.2:9");
    }

    @Test
    @DisplayName("control: re-pointing a sink with its secret typed again is accepted, and only the new secret travels")
    void repointWithFreshSecret() {
        String freshKey = "wkfresh" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
        JsonNode component = sinkComponent(sinkAdmin, realm, "cdp");
        ObjectNode config = (ObjectNode) component.get("config");
        config.putArray("url").add(receiver.url("/new-cdp"));
        config.putArray("secret").add(freshKey);

        int status = sinkAdmin.put(realm.adminUrl() + "/components/" + component.get("id").asText(), component).status();
        List<String> received = basicUsersAt("/new-cdp", "cdp");

        assertThat(status).isEqualTo(204);
        assertThat(received).isNotEmpty().containsOnly(freshKey);
    }
}
