package dev.ciampack.events.sinks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.resources.admin.AdminRoot;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;
import org.keycloak.services.ui.extend.UiPageProvider;

import dev.ciampack.common.ConsoleForms;

/**
 * A realm's sinks are realm components of this admin console page ({@code ciam-event-sinks}), one
 * component per sink. Keycloak then keeps their secrets as it keeps its own: the secret properties are
 * masked in every admin REST answer ({@code **********}, vault references shown as written), left out
 * of partial exports, and components travel in realm imports and are invalidated across a cluster.
 * Nothing of a sink is a realm attribute (those are readable with view-realm alone).
 *
 * <p>Every way in (this page, the components API, the pack's {@code /ciam-events/sinks} REST API) is
 * checked by {@link SinksJson}; creating or changing a sink through the admin API needs
 * <em>view-users</em> as well as <em>manage-realm</em>, since a sink sends people's data out.
 */
public final class SinkComponents {

    public static final String PROVIDER_ID = "ciam-event-sinks";
    /** Component provider type of every sink. */
    public static final String PROVIDER_TYPE = UiPageProvider.class.getName();

    public static final String ID = "id";
    static final String TYPE = "type";
    public static final String ENABLED = "enabled";
    static final String URL = "url";
    static final String SECRET = "secret";
    static final String SECONDARY_SECRET = "secondarySecret";
    static final String EVENTS = "events";
    static final String ATTRIBUTES = "attributes";
    static final String BASIS = "basis";
    static final String PURPOSES = "purposes";
    static final String JUSTIFICATION = "justification";
    static final String BOOTSTRAP_SERVERS = "bootstrapServers";
    static final String TOPIC = "topic";
    static final String SECURITY_PROTOCOL = "securityProtocol";
    static final String SASL_MECHANISM = "saslMechanism";
    static final String USERNAME = "username";
    static final String COMPRESSION = "compression";
    static final String SIGNING_SECRET = "signingSecret";
    static final String SECONDARY_SIGNING_SECRET = "secondarySigningSecret";
    static final String CONSENT_CATEGORIES = "consentCategories";
    /** The page's status line (written by the server; what is typed there is replaced). */
    public static final String STATUS = "status";
    /** The page's action to run on save: {@link #NO_ACTION} or one of {@link #ACTIONS}. */
    public static final String ACTION = "action";
    public static final String NO_ACTION = "none";
    public static final List<String> ACTIONS = List.of("retry-now", "replay-dead-letters", "ping");

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<ProviderConfigProperty> PROPERTIES = ConsoleForms.keyed(PROVIDER_ID,
            ProviderConfigurationBuilder.create()
            .property().name(ID).type(ProviderConfigProperty.STRING_TYPE).required(true).add()
            .property().name(TYPE).type(ProviderConfigProperty.LIST_TYPE)
            .options(Sink.WEBHOOK, Sink.SEGMENT, Sink.KAFKA).defaultValue(Sink.WEBHOOK).add()
            .property().name(ENABLED).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true").add()
            .property().name(URL).type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(SECRET).type(ProviderConfigProperty.PASSWORD).secret(true).add()
            .property().name(SECONDARY_SECRET).type(ProviderConfigProperty.PASSWORD)
            .secret(true).add()
            .property().name(EVENTS).type(ProviderConfigProperty.MULTIVALUED_LIST_TYPE)
            .options(SinksJson.EVENT_TYPES.stream().sorted().toList()).add()
            .property().name(ATTRIBUTES).type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).add()
            .property().name(BASIS).type(ProviderConfigProperty.LIST_TYPE)
            .options(basisOptions()).defaultValue(Sink.CONSENT)
            .add()
            .property().name(PURPOSES).type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).add()
            .property().name(JUSTIFICATION).type(ProviderConfigProperty.TEXT_TYPE).add()
            .property().name(BOOTSTRAP_SERVERS)
            .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).add()
            .property().name(TOPIC).type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(SECURITY_PROTOCOL).type(ProviderConfigProperty.LIST_TYPE)
            .options(SinksJson.KAFKA_PROTOCOLS).defaultValue("SSL").add()
            .property().name(SASL_MECHANISM).type(ProviderConfigProperty.LIST_TYPE)
            .options(SinksJson.SASL_MECHANISMS).add()
            .property().name(USERNAME).type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(COMPRESSION).type(ProviderConfigProperty.LIST_TYPE)
            .options(SinksJson.KAFKA_COMPRESSION).defaultValue("none").add()
            .property().name(SIGNING_SECRET).type(ProviderConfigProperty.PASSWORD)
            .secret(true).add()
            .property().name(SECONDARY_SIGNING_SECRET)
            .type(ProviderConfigProperty.PASSWORD).secret(true).add()
            .property().name(CONSENT_CATEGORIES)
            .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).add()
            .property().name(STATUS).type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(ACTION).type(ProviderConfigProperty.LIST_TYPE)
            .options(actionOptions()).defaultValue(NO_ACTION)
            .add()
            .build());

    private static List<String> actionOptions() {
        List<String> options = new ArrayList<>(List.of(NO_ACTION));
        options.addAll(ACTIONS);
        return options;
    }

    private static List<String> basisOptions() {
        List<String> options = new ArrayList<>(List.of(Sink.CONSENT));
        options.addAll(Sink.OTHER_BASES);
        return options;
    }

    private SinkComponents() {
    }

    /** The page's form: the sink's fields, then its status and the action to run on save. */
    public static List<ProviderConfigProperty> properties() {
        return PROPERTIES;
    }

    /**
     * The one validation of sinks (see {@link SinksJson}), plus a realm-unique id and the admin's rights.
     *
     * @return whether an administrator saves through the components API (the admin console's page)
     */
    public static boolean validate(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        boolean componentsApi = requireViewUsersOfAdminCaller(session, realm);
        ComponentModel stored = model.getId() == null ? null : realm.getComponent(model.getId());
        ConsoleForms.clean(model, stored);
        Sink sink;
        try {
            sink = sink(model);
        } catch (IllegalArgumentException e) {
            throw ConsoleForms.refusal(e.getMessage());
        }
        if (componentsApi && stored != null && secretFollowedElsewhere(stored.getConfig(), model.getConfig())) {
            // The components API hands back masked secrets and keeps the stored ones: an administrator who cannot read
            // a secret must not be able to send it somewhere else (as Keycloak requires for LDAP, CVE-2024-5967).
            throw ConsoleForms.refusal("the sink's destination or type changed: give each of its secrets anew (a "
                    + "secret is only ever sent where it was given)");
        }
        boolean taken = realm.getComponentsStream(realm.getId(), PROVIDER_TYPE)
                .filter(c -> PROVIDER_ID.equals(c.getProviderId()) && !c.getId().equals(model.getId()))
                .anyMatch(c -> sink.id().equals(c.get(ID)));
        if (taken) {
            throw ConsoleForms.refusal("a sink with id '" + sink.id() + "' exists in this realm");
        }
        model.setName(sink.id());
        return componentsApi;
    }

    /**
     * An administrator who adds or changes a sink makes Keycloak send people's attributes out: on an admin
     * API request to the components API, manage-realm (checked by Keycloak) is not enough, view-users is needed
     * too (the pack's sinks API checks the same itself). Imports and the server's own writes (a 410 disabling a
     * sink) are not checked here.
     */
    static boolean requireViewUsersOfAdminCaller(KeycloakSession session, RealmModel realm) {
        // Keycloak's admin API keeps the administrator's token in the context; the drainer, start-up imports and
        // other server work have none (nor an HTTP request to ask about). Creating a whole realm (POST
        // /admin/realms) needs more than any realm's view-users already; the pack's own API checks for itself.
        if (!(session.getContext().getBearerToken() instanceof AccessToken)
                || !session.getContext().getUri().getPath().contains("/components")) {
            return false;
        }
        AdminPermissions.evaluator(session, realm, AdminRoot.authenticateRealmAdminRequest(session)).users().requireView();
        return true;
    }

    /** Removing a sink through the components API needs view-users too (it silences withdrawals and erasures downstream). */
    public static void checkRemoval(KeycloakSession session, RealmModel realm) {
        requireViewUsersOfAdminCaller(session, realm);
    }

    /** Keys whose change sends a Kafka sink's secret somewhere else (for the other types: the type and URL). */
    private static final List<String> KAFKA_DESTINATION = List.of(TYPE, BOOTSTRAP_SERVERS, SECURITY_PROTOCOL,
            SASL_MECHANISM, USERNAME);

    /** Every secret field of a sink: the webhook secrets, Segment's write key or Kafka's password, Kafka's signing secrets. */
    private static final List<String> SECRETS = List.of(SECRET, SECONDARY_SECRET, SIGNING_SECRET, SECONDARY_SIGNING_SECRET);

    /**
     * Whether the destination (or the way a secret is used) changed while any stored secret, in any secret field,
     * is still there: every one must be given anew, or one kept masked would follow the sink to its new destination.
     */
    static boolean secretFollowedElsewhere(Map<String, List<String>> stored, Map<String, List<String>> next) {
        if (destination(stored).equals(destination(next))) {
            return false;
        }
        List<String> kept = SECRETS.stream().flatMap(key -> values(next, key).stream()).toList();
        return SECRETS.stream().flatMap(key -> values(stored, key).stream()).anyMatch(kept::contains);
    }

    /**
     * Where a sink's secret goes, as the sink uses it: the fields of other types are left out (the console's form
     * sends the first option of each Kafka list for a webhook too).
     */
    private static Map<String, List<String>> destination(Map<String, List<String>> config) {
        String type = values(config, TYPE).isEmpty() ? Sink.WEBHOOK : values(config, TYPE).get(0);
        Map<String, List<String>> destination = new java.util.LinkedHashMap<>();
        for (String key : Sink.KAFKA.equals(type) ? KAFKA_DESTINATION : List.of(TYPE, URL)) {
            destination.put(key, values(config, key));
        }
        destination.put(TYPE, List.of(type));
        return destination;
    }

    /** The sink a component holds. @throws IllegalArgumentException naming every problem */
    public static Sink sink(ComponentModel model) {
        return SinksJson.parse("[" + json(model.getConfig()) + "]").get(0);
    }

    /** A component's config as the REST API's JSON object (blank form fields left out). */
    static String json(MultivaluedHashMap<String, String> config) {
        ObjectNode node = JSON.createObjectNode();
        String type = first(config, TYPE, Sink.WEBHOOK);
        for (String key : List.of(ID, TYPE, URL, BASIS, JUSTIFICATION, TOPIC, SECURITY_PROTOCOL, SASL_MECHANISM, USERNAME,
                COMPRESSION)) {
            String value = first(config, key, null);
            // The console's form sends the first option of every list, Kafka's included, for any type of sink.
            boolean kafkaList = key.equals(SECURITY_PROTOCOL) || key.equals(COMPRESSION) || key.equals(SASL_MECHANISM);
            if (value != null && !value.isBlank() && (!kafkaList || Sink.KAFKA.equals(type))) {
                node.put(key, value);
            }
        }
        node.put(ENABLED, Boolean.parseBoolean(first(config, ENABLED, "true")));
        for (String key : List.of(EVENTS, ATTRIBUTES, PURPOSES, BOOTSTRAP_SERVERS)) {
            List<String> values = values(config, key);
            if (!values.isEmpty()) {
                ArrayNode list = node.putArray(key);
                values.forEach(list::add);
            }
        }
        List<String> secrets = new ArrayList<>(values(config, SECRET));
        secrets.addAll(values(config, SECONDARY_SECRET));
        if (!secrets.isEmpty()) {
            switch (type) {
                case Sink.SEGMENT -> node.put("writeKey", secrets.get(0));
                case Sink.KAFKA -> node.put("password", secrets.get(0));
                default -> {
                    ArrayNode list = node.putArray("secrets");
                    secrets.forEach(list::add);
                }
            }
        }
        List<String> categories = values(config, CONSENT_CATEGORIES);
        if (!categories.isEmpty()) {
            ObjectNode mapped = node.putObject(CONSENT_CATEGORIES);
            for (String entry : categories) {
                int equals = entry.indexOf('=');
                // An entry without '=' maps to nothing: the validation then names it.
                mapped.put(equals < 0 ? entry : entry.substring(0, equals).strip(),
                        equals < 0 ? "" : entry.substring(equals + 1).strip());
            }
        }
        List<String> signing = new ArrayList<>(values(config, SIGNING_SECRET));
        signing.addAll(values(config, SECONDARY_SIGNING_SECRET));
        if (!signing.isEmpty()) {
            ArrayNode list = node.putArray("signingSecrets");
            signing.forEach(list::add);
        }
        return node.toString();
    }

    /** The component config of a (valid) sink. */
    static MultivaluedHashMap<String, String> config(Sink sink) {
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle(ID, sink.id());
        config.putSingle(TYPE, sink.type());
        config.putSingle(ENABLED, String.valueOf(sink.enabled()));
        if (sink.url() != null) {
            config.putSingle(URL, sink.url().toString());
        }
        if (!sink.secrets().isEmpty()) {
            config.putSingle(SECRET, sink.secrets().get(0));
        }
        if (sink.secrets().size() > 1) {
            config.putSingle(SECONDARY_SECRET, sink.secrets().get(1));
        }
        if (!sink.signingSecrets().isEmpty()) {
            config.putSingle(SIGNING_SECRET, sink.signingSecrets().get(0));
        }
        if (sink.signingSecrets().size() > 1) {
            config.putSingle(SECONDARY_SIGNING_SECRET, sink.signingSecrets().get(1));
        }
        putAll(config, CONSENT_CATEGORIES, new java.util.TreeMap<>(sink.consentCategories()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
        putAll(config, EVENTS, sink.events());
        putAll(config, ATTRIBUTES, sink.attributes());
        putAll(config, PURPOSES, sink.purposes());
        config.putSingle(BASIS, sink.basis());
        if (sink.justification() != null) {
            config.putSingle(JUSTIFICATION, sink.justification());
        }
        if (sink.kafka() != null) {
            putAll(config, BOOTSTRAP_SERVERS, sink.kafka().bootstrapServers());
            config.putSingle(TOPIC, sink.kafka().topic());
            config.putSingle(SECURITY_PROTOCOL, sink.kafka().securityProtocol());
            config.putSingle(COMPRESSION, sink.kafka().compression());
            if (sink.kafka().sasl()) {
                config.putSingle(SASL_MECHANISM, sink.kafka().saslMechanism());
                config.putSingle(USERNAME, sink.kafka().username());
            }
        }
        return config;
    }

    /** The component config of a sink in the REST API's JSON, taken as it is (not validated: see the caller). */
    static MultivaluedHashMap<String, String> configOf(com.fasterxml.jackson.databind.JsonNode node) {
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        node.fields().forEachRemaining(field -> {
            List<String> values = new ArrayList<>();
            if (field.getValue().isArray()) {
                field.getValue().forEach(v -> values.add(v.asText()));
            } else {
                values.add(field.getValue().asText());
            }
            switch (field.getKey()) {
                case "secrets" -> {
                    config.putSingle(SECRET, values.isEmpty() ? "" : values.get(0));
                    if (values.size() > 1) {
                        config.putSingle(SECONDARY_SECRET, values.get(1));
                    }
                }
                case CONSENT_CATEGORIES -> {
                    List<String> entries = new ArrayList<>();
                    if (field.getValue().isObject()) {
                        field.getValue().fields().forEachRemaining(f -> entries.add(f.getKey() + "=" + f.getValue().asText()));
                    } else {
                        entries.addAll(values);
                    }
                    config.put(CONSENT_CATEGORIES, entries);
                }
                case "signingSecrets" -> {
                    config.putSingle(SIGNING_SECRET, values.isEmpty() ? "" : values.get(0));
                    if (values.size() > 1) {
                        config.putSingle(SECONDARY_SIGNING_SECRET, values.get(1));
                    }
                }
                case "writeKey", "password" -> config.putSingle(SECRET, values.get(0));
                default -> config.put(field.getKey(), values);
            }
        });
        return config;
    }

    private static void putAll(MultivaluedHashMap<String, String> config, String key, java.util.Collection<String> values) {
        if (!values.isEmpty()) {
            config.put(key, new ArrayList<>(values));
        }
    }

    private static String first(Map<String, List<String>> config, String key, String otherwise) {
        List<String> values = values(config, key);
        return values.isEmpty() ? otherwise : values.get(0);
    }

    private static List<String> values(Map<String, List<String>> config, String key) {
        List<String> values = config.get(key);
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).toList();
    }
}
