package dev.ciampack.events.sinks;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One destination of a realm's events: where, which event types, which user attributes may travel as
 * traits, and the lawful basis on which a person's data goes there: {@link #CONSENT} (the person must
 * have granted every one of {@code purposes}) or another basis of GDPR Art. 6(1) with a written
 * {@code justification}. A sink states one or the other; there is no default.
 * {@code secrets} holds the webhook's {@code whsec_} secrets, Segment's write key or Kafka's SASL
 * password; {@code signingSecrets} the {@code whsec_} secrets that sign a Kafka sink's records (none: records go
 * unsigned). Any of them may be a Keycloak vault reference ({@code ${vault.key}}), resolved at send time.
 * {@code consentCategories} (Segment only) maps purpose ids to the Segment consent categories each message reports.
 */
public record Sink(String id, String type, URI url, List<String> secrets, Set<String> events,
                   Set<String> attributes, Set<String> purposes, boolean enabled, KafkaTarget kafka,
                   String basis, String justification, List<String> signingSecrets,
                   Map<String, String> consentCategories) {

    public static final String WEBHOOK = "webhook";
    /** Segment's HTTP tracking API (or a compatible collector); {@code secrets} holds the write key. */
    public static final String SEGMENT = "segment";
    /** A Kafka topic; {@code url} is null, {@code kafka} says where. */
    public static final String KAFKA = "kafka";
    public static final String SEGMENT_DEFAULT_URL = "https://api.segment.io/v1/batch";

    /** Art. 6(1)(a): the person granted every purpose the sink lists. */
    public static final String CONSENT = "consent";
    /** The bases other than consent (Art. 6(1)(b) to (f)); each needs a written justification. */
    public static final List<String> OTHER_BASES = List.of("contract", "legal-obligation", "vital-interests",
            "public-task", "legitimate-interests");

    /**
     * Where a {@code kafka} sink produces: bootstrap servers ({@code host:port}), topic, security
     * protocol, and for SASL the mechanism and user name (the password is the sink's secret); and how
     * record batches are compressed ({@code none}, {@code gzip} or {@code lz4}).
     */
    public record KafkaTarget(List<String> bootstrapServers, String topic, String securityProtocol,
                              String saslMechanism, String username, String compression) {

        public KafkaTarget(List<String> bootstrapServers, String topic, String securityProtocol, String saslMechanism,
                           String username) {
            this(bootstrapServers, topic, securityProtocol, saslMechanism, username, "none");
        }

        public boolean sasl() {
            return securityProtocol.startsWith("SASL_");
        }
    }

    public boolean wants(String eventType) {
        return enabled && (events.isEmpty() || events.contains(eventType));
    }

    public Sink disabled() {
        return new Sink(id, type, url, secrets, events, attributes, purposes, false, kafka, basis, justification,
                signingSecrets, consentCategories);
    }

    /** Whether the person's consent decides what reaches this sink. */
    public boolean byConsent() {
        return CONSENT.equals(basis);
    }

    /** The host names the sink connects to first (the URL's host, or Kafka's bootstrap servers). */
    public List<String> hosts() {
        if (kafka != null) {
            return kafka.bootstrapServers().stream().map(s -> s.substring(0, s.lastIndexOf(':')))
                    .map(h -> h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h).toList();
        }
        return List.of(url.getHost());
    }

    /** Whether a secret value is a Keycloak vault reference, resolved at send time. */
    public static boolean isVaultReference(String value) {
        return value != null && value.matches("\\$\\{vault\\.[A-Za-z0-9_.-]{1,100}}");
    }
}
