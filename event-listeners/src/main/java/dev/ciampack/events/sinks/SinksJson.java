package dev.ciampack.events.sinks;

import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.ciampack.events.webhook.StandardWebhooks;

/**
 * Reads, checks and writes sinks as JSON: the admin REST API's format, and the one validation behind it,
 * the admin console's form ({@link SinkComponents}) and realm import.
 */
public final class SinksJson {

    /** Where sinks were kept before they became components (read once, to move them). */
    public static final String LEGACY_REALM_ATTRIBUTE = "ciam.events.sinks";
    public static final Set<String> EVENT_TYPES = Set.of("user.registered", "user.logged_in", "user.profile_updated",
            "user.deleted", "user.identified", "consent.granted", "consent.withdrawn", "user.logged_out",
            "user.email_verified", "user.identity_linked");
    private static final Set<String> FIELDS = Set.of("id", "type", "url", "secrets", "writeKey", "events", "attributes",
            "purposes", "basis", "justification", "enabled", "bootstrapServers", "topic", "securityProtocol",
            "saslMechanism", "username", "password", "compression", "signingSecrets", "consentCategories");
    /** Kafka codecs the pack ships (pure Java: the JDK's gzip, lz4-java's Java implementation). */
    public static final List<String> KAFKA_COMPRESSION = List.of("none", "gzip", "lz4");
    public static final List<String> KAFKA_PROTOCOLS = List.of("SSL", "SASL_SSL", "PLAINTEXT", "SASL_PLAINTEXT");
    public static final List<String> SASL_MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SinksJson() {
    }

    /** @throws IllegalArgumentException listing every problem */
    public static List<Sink> parse(String text) {
        JsonNode root;
        try {
            root = text == null || text.isBlank() ? JSON.createArrayNode() : JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("sinks are not valid JSON");
        }
        if (!root.isArray() || root.size() > 20) {
            throw new IllegalArgumentException("sinks must be a JSON list of at most 20 sinks");
        }
        List<String> errors = new ArrayList<>();
        List<Sink> sinks = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode node = root.get(i);
            String at = "sinks[" + i + "]";
            if (!node.isObject()) {
                errors.add(at + " must be an object");
                continue;
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
                String name = it.next();
                if (!FIELDS.contains(name)) {
                    errors.add(at + " has an unknown field '" + (name.length() > 30 ? name.substring(0, 30) : name) + "'");
                }
            }
            String id = node.path("id").asText("");
            if (!id.matches("[a-z0-9][a-z0-9-]{0,39}")) {
                errors.add(at + ".id must be 1 to 40 of a-z, 0-9, '-'");
            } else if (!ids.add(id)) {
                errors.add(at + ".id '" + id + "' is used twice");
            }
            String type = node.path("type").asText(Sink.WEBHOOK);
            URI url = null;
            Sink.KafkaTarget kafka = null;
            List<String> secrets = new ArrayList<>();
            List<String> signingSecrets = List.of();
            Map<String, String> categories = Map.of();
            switch (type) {
                case Sink.WEBHOOK -> {
                    url = url(node, "", at, errors);
                    secrets.addAll(whsecSecrets(node.path("secrets"), at + ".secrets", errors));
                    if (secrets.isEmpty() || secrets.size() > 2) {
                        errors.add(at + ".secrets must hold one or two whsec_ secrets or vault references (two while rotating)");
                    }
                }
                case Sink.SEGMENT -> {
                    url = url(node, Sink.SEGMENT_DEFAULT_URL, at, errors);
                    categories = consentCategories(node.get("consentCategories"), at, errors);
                    String writeKey = node.path("writeKey").asText("");
                    if (!writeKey.matches("[A-Za-z0-9_-]{8,200}") && !Sink.isVaultReference(writeKey)) {
                        errors.add(at + ".writeKey must be the source's write key or a vault reference");
                    } else {
                        secrets.add(writeKey);
                    }
                }
                case Sink.KAFKA -> {
                    kafka = kafka(node, at, errors, secrets);
                    if (node.has("signingSecrets")) {
                        signingSecrets = whsecSecrets(node.get("signingSecrets"), at + ".signingSecrets", errors);
                        if (!node.get("signingSecrets").isArray() || signingSecrets.isEmpty() || signingSecrets.size() > 2) {
                            errors.add(at + ".signingSecrets must hold one or two whsec_ secrets or vault references (two "
                                    + "while rotating), or be left out for unsigned records");
                        }
                    }
                }
                default -> errors.add(at + ".type must be webhook, segment or kafka");
            }
            for (String field : List.of("url", "secrets", "writeKey", "bootstrapServers", "topic", "securityProtocol",
                    "saslMechanism", "username", "password", "compression", "signingSecrets", "consentCategories")) {
                if (node.has(field) && !fieldOf(type, field)) {
                    errors.add(at + "." + field + " does not apply to a " + type + " sink");
                }
            }
            Set<String> events = strings(node.get("events"));
            for (String event : events) {
                if (!EVENT_TYPES.contains(event)) {
                    errors.add(at + ".events: unknown event type '" + event + "'; known: " + new java.util.TreeSet<>(EVENT_TYPES));
                }
            }
            Set<String> purposes = strings(node.get("purposes"));
            String basis = node.path("basis").asText(purposes.isEmpty() ? "" : Sink.CONSENT);
            String justification = node.path("justification").asText("").strip();
            basis(at, basis, purposes, justification, errors);
            sinks.add(new Sink(id, type, url, List.copyOf(secrets), events, strings(node.get("attributes")), purposes,
                    !node.has("enabled") || node.get("enabled").asBoolean(true), kafka, basis,
                    justification.isEmpty() ? null : justification, List.copyOf(signingSecrets), categories));
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        return sinks;
    }

    /**
     * A Segment sink's {@code consentCategories}: purpose id → the category name of the realm's Segment consent
     * settings (1 to 100 printable characters), at most 20. Each message then carries
     * {@code context.consent.categoryPreferences}: every category, true when the person granted its purpose.
     */
    private static Map<String, String> consentCategories(JsonNode node, String at, List<String> errors) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject() || node.isEmpty() || node.size() > 20) {
            errors.add(at + ".consentCategories must map 1 to 20 purpose ids to Segment consent category names");
            return Map.of();
        }
        Map<String, String> categories = new java.util.LinkedHashMap<>();
        node.fields().forEachRemaining(f -> {
            String value = f.getValue().asText("");
            if (!f.getKey().matches("[a-z][a-z0-9_]{1,39}")) {
                errors.add(at + ".consentCategories: '" + shorten(f.getKey()) + "' is not a purpose id");
            } else if (!f.getValue().isTextual() || value.isBlank() || value.length() > 100
                    || value.chars().anyMatch(Character::isISOControl)) {
                errors.add(at + ".consentCategories." + f.getKey() + " must be a category name of 1 to 100 characters");
            } else {
                categories.put(f.getKey(), value);
            }
        });
        return Map.copyOf(categories);
    }

    /** The {@code whsec_} secrets (or vault references) of a list; each bad one named in {@code errors}. */
    private static List<String> whsecSecrets(JsonNode list, String at, List<String> errors) {
        List<String> secrets = new ArrayList<>();
        for (JsonNode secret : list) {
            try {
                if (!Sink.isVaultReference(secret.asText())) {
                    StandardWebhooks.secretBytes(secret.asText());
                }
                secrets.add(secret.asText());
            } catch (IllegalArgumentException e) {
                errors.add(at + ": " + e.getMessage());
            }
        }
        return secrets;
    }

    /** Every sink states its lawful basis: consent purposes, or another basis with a justification. */
    private static void basis(String at, String basis, Set<String> purposes, String justification, List<String> errors) {
        if (Sink.CONSENT.equals(basis)) {
            if (purposes.isEmpty()) {
                errors.add(at + ": basis consent needs purposes (the person must have granted every one of them)");
            }
        } else if (Sink.OTHER_BASES.contains(basis)) {
            if (!purposes.isEmpty()) {
                errors.add(at + ".purposes apply only to basis consent, not " + basis);
            }
            if (justification.length() < 20 || justification.length() > 1000
                    || justification.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
                errors.add(at + ".justification must say, in 20 to 1000 characters, why " + basis
                        + " covers sending people's data to this sink");
            }
        } else if (basis.isEmpty()) {
            errors.add(at + " states no lawful basis: list the consent purposes a person must have granted "
                    + "(\"purposes\"), or give \"basis\" (one of " + Sink.OTHER_BASES + ") and a \"justification\"");
        } else {
            errors.add(at + ".basis must be " + Sink.CONSENT + " or one of " + Sink.OTHER_BASES);
        }
    }

    private static boolean fieldOf(String type, String field) {
        return switch (type) {
            case Sink.WEBHOOK -> field.equals("url") || field.equals("secrets");
            case Sink.SEGMENT -> field.equals("url") || field.equals("writeKey") || field.equals("consentCategories");
            case Sink.KAFKA -> !field.equals("url") && !field.equals("secrets") && !field.equals("writeKey")
                    && !field.equals("consentCategories");
            default -> true;
        };
    }

    private static URI url(JsonNode node, String defaultUrl, String at, List<String> errors) {
        try {
            URI url = URI.create(node.path("url").asText(defaultUrl));
            if (url.getScheme() == null || !(url.getScheme().equals("https") || url.getScheme().equals("http"))
                    || url.getHost() == null || url.getUserInfo() != null) {
                errors.add(at + ".url must be an absolute http(s) URL without credentials");
            }
            return url;
        } catch (IllegalArgumentException e) {
            errors.add(at + ".url is not a URL");
            return null;
        }
    }

    /** A kafka sink's target; its SASL password (if any) goes to {@code secrets}. */
    private static Sink.KafkaTarget kafka(JsonNode node, String at, List<String> errors, List<String> secrets) {
        List<String> servers = new ArrayList<>(strings(node.get("bootstrapServers")));
        if (servers.isEmpty() || servers.size() > 10) {
            errors.add(at + ".bootstrapServers must list 1 to 10 host:port");
        }
        for (String server : servers) {
            if (!server.matches("([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]):[0-9]{1,5}")
                    || Integer.parseInt(server.substring(server.lastIndexOf(':') + 1)) > 65535) {
                errors.add(at + ".bootstrapServers: '" + shorten(server) + "' is not host:port");
            }
        }
        String topic = node.path("topic").asText("");
        if (!topic.matches("[A-Za-z0-9._-]{1,249}") || topic.equals(".") || topic.equals("..")) {
            errors.add(at + ".topic must be a Kafka topic name (1 to 249 of A-Z a-z 0-9 . _ -)");
        }
        String protocol = node.path("securityProtocol").asText("SSL");
        if (!KAFKA_PROTOCOLS.contains(protocol)) {
            errors.add(at + ".securityProtocol must be one of " + KAFKA_PROTOCOLS);
        }
        String mechanism = null;
        String username = null;
        if (protocol.startsWith("SASL_")) {
            mechanism = node.path("saslMechanism").asText("");
            if (!SASL_MECHANISMS.contains(mechanism)) {
                errors.add(at + ".saslMechanism must be one of " + SASL_MECHANISMS + " with " + protocol);
            }
            username = node.path("username").asText("");
            if (username.isEmpty() || username.length() > 200 || username.chars().anyMatch(Character::isISOControl)) {
                errors.add(at + ".username is required with " + protocol + " (at most 200 characters)");
            }
            String password = node.path("password").asText("");
            if (password.isEmpty() || password.length() > 500 || password.chars().anyMatch(Character::isISOControl)) {
                errors.add(at + ".password is required with " + protocol + " (a vault reference is best)");
            } else {
                secrets.add(password);
            }
        } else if (node.has("saslMechanism") || node.has("username") || node.has("password")) {
            errors.add(at + ": saslMechanism, username and password need securityProtocol SASL_SSL or SASL_PLAINTEXT");
        }
        String compression = node.path("compression").asText("none");
        if (compression.equals("snappy") || compression.equals("zstd")) {
            errors.add(at + ".compression " + compression + " is not offered: its codec is a native library the pack "
                    + "cannot ship relocated; use gzip or lz4");
        } else if (!KAFKA_COMPRESSION.contains(compression)) {
            errors.add(at + ".compression must be one of " + KAFKA_COMPRESSION);
        }
        return new Sink.KafkaTarget(List.copyOf(servers), topic, protocol, mechanism, username, compression);
    }

    private static String shorten(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "..." : value;
    }

    private static Set<String> strings(JsonNode list) {
        Set<String> values = new LinkedHashSet<>();
        if (list != null && list.isArray()) {
            list.forEach(v -> values.add(v.asText()));
        }
        return values;
    }

    /** JSON of the sinks; with {@code masked}, secrets are replaced by their count (GET never shows them). */
    public static String write(List<Sink> sinks, boolean masked) {
        ArrayNode root = JSON.createArrayNode();
        for (Sink sink : sinks) {
            ObjectNode node = root.addObject().put("id", sink.id()).put("type", sink.type()).put("enabled", sink.enabled());
            if (sink.url() != null) {
                node.put("url", sink.url().toString());
            }
            if (sink.kafka() != null) {
                ArrayNode servers = node.putArray("bootstrapServers");
                sink.kafka().bootstrapServers().forEach(servers::add);
                node.put("topic", sink.kafka().topic()).put("securityProtocol", sink.kafka().securityProtocol())
                        .put("compression", sink.kafka().compression());
                if (sink.kafka().sasl()) {
                    node.put("saslMechanism", sink.kafka().saslMechanism()).put("username", sink.kafka().username());
                }
            }
            if (masked && !sink.signingSecrets().isEmpty()) {
                node.put("signingSecretCount", sink.signingSecrets().size());
            } else if (!sink.signingSecrets().isEmpty()) {
                ArrayNode signing = node.putArray("signingSecrets");
                sink.signingSecrets().forEach(signing::add);
            }
            if (masked) {
                node.put("secretCount", sink.secrets().size());
            } else if (Sink.SEGMENT.equals(sink.type())) {
                node.put("writeKey", sink.secrets().get(0));
            } else if (Sink.KAFKA.equals(sink.type())) {
                if (!sink.secrets().isEmpty()) {
                    node.put("password", sink.secrets().get(0));
                }
            } else {
                ArrayNode secrets = node.putArray("secrets");
                sink.secrets().forEach(secrets::add);
            }
            if (!sink.consentCategories().isEmpty()) {
                ObjectNode categories = node.putObject("consentCategories");
                new java.util.TreeMap<>(sink.consentCategories()).forEach(categories::put);
            }
            ArrayNode events = node.putArray("events");
            sink.events().forEach(events::add);
            ArrayNode attributes = node.putArray("attributes");
            sink.attributes().forEach(attributes::add);
            ArrayNode purposes = node.putArray("purposes");
            sink.purposes().forEach(purposes::add);
            node.put("basis", sink.basis());
            if (sink.justification() != null) {
                node.put("justification", sink.justification());
            }
        }
        return root.toString();
    }
}
