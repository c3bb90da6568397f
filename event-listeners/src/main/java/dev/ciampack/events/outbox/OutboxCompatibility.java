package dev.ciampack.events.outbox;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Executable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Whether the running Keycloak offers the transactional outbox that event delivery is built on, with
 * the shape this pack was compiled against. The outbox ({@code org.keycloak.events.outbox}, entity
 * {@code OutboxEntryEntity}) is internal to Keycloak 26.7 and may change in any release: instead of
 * failing at the first sign-in (or, worse, losing events), {@code ciam-events} checks every class,
 * constructor, method and field it uses when the server starts, and stays off with one clear error
 * when one is missing. Checked by name through reflection, so the check itself cannot fail to link.
 */
public final class OutboxCompatibility {

    private static final String OUTBOX = "org.keycloak.events.outbox.";
    private static final String ENTITIES = "org.keycloak.models.jpa.entities.";

    /**
     * What the pack uses: {@code Class#<init>(Types)} constructors, {@code Class#name(Types)} methods
     * (parameter types by simple name), {@code Class#name} fields (the entity's fields appear in the
     * pack's queries).
     */
    static final List<String> EXPECTED = List.of(
            OUTBOX + "OutboxStore#<init>(KeycloakSession)",
            OUTBOX + "OutboxStore#getEntityManager()",
            OUTBOX + "OutboxStore#countStatusesForOwner(String,String)",
            OUTBOX + "OutboxStore#oldestCreatedAtPerStatusForOwner(String,String)",
            OUTBOX + "OutboxStore#deleteByRealm(String,String)",
            OUTBOX + "OutboxDrainerTask#<init>(OutboxConfig,OutboxDeliveryHandler,Function)",
            OUTBOX + "OutboxDrainerTask#run(KeycloakSession)",
            OUTBOX + "OutboxDrainerTask#drain(KeycloakSession,OutboxStore)",
            OUTBOX + "OutboxDrainerTask#processOne(KeycloakSession,OutboxStore,OutboxEntryEntity)",
            OUTBOX + "OutboxDrainerTask#handleRetry(OutboxStore,OutboxEntryEntity,String)",
            OUTBOX + "OutboxDrainerTask#promoteStaleQueuedToDeadLetter(OutboxStore)",
            OUTBOX + "OutboxDrainerTask#purgeDeliveredOlderThanRetention(OutboxStore)",
            OUTBOX + "OutboxDrainerTask#purgeDeadLetterOlderThanRetention(OutboxStore)",
            OUTBOX + "OutboxDrainerTask#config",
            OUTBOX + "OutboxDrainerTask#storeFactory",
            OUTBOX + "OutboxConfig#<init>(String,int,OutboxBackoff,Duration,Duration,Duration)",
            OUTBOX + "OutboxConfig#entryKind()",
            OUTBOX + "OutboxConfig#batchSize()",
            OUTBOX + "OutboxConfig#deliveredRetention()",
            OUTBOX + "OutboxConfig#deadLetterRetention()",
            OUTBOX + "OutboxBackoff#<init>(int,List)",
            OUTBOX + "OutboxDeliveryHandler#entryKind()",
            OUTBOX + "OutboxDeliveryHandler#deliver(KeycloakSession,OutboxEntryEntity)",
            OUTBOX + "OutboxDeliveryResult#delivered()",
            OUTBOX + "OutboxDeliveryResult#retry(String)",
            OUTBOX + "OutboxDeliveryResult#deadLetter(String)",
            OUTBOX + "OutboxDeliveryResult#orphaned(String)",
            OUTBOX + "OutboxDeliveryResult#outcome()",
            ENTITIES + "OutboxEntryStatus#PENDING",
            ENTITIES + "OutboxEntryStatus#DELIVERED",
            ENTITIES + "OutboxEntryStatus#DEAD_LETTER",
            ENTITIES + "OutboxEntryStatus#QUEUED",
            ENTITIES + "OutboxEntryEntity#id",
            ENTITIES + "OutboxEntryEntity#entryKind",
            ENTITIES + "OutboxEntryEntity#realmId",
            ENTITIES + "OutboxEntryEntity#ownerId",
            ENTITIES + "OutboxEntryEntity#containerId",
            ENTITIES + "OutboxEntryEntity#correlationId",
            ENTITIES + "OutboxEntryEntity#entryType",
            ENTITIES + "OutboxEntryEntity#metadata",
            ENTITIES + "OutboxEntryEntity#payload",
            ENTITIES + "OutboxEntryEntity#status",
            ENTITIES + "OutboxEntryEntity#attempts",
            ENTITIES + "OutboxEntryEntity#nextAttemptAt",
            ENTITIES + "OutboxEntryEntity#lastError",
            ENTITIES + "OutboxEntryEntity#createdAt",
            ENTITIES + "OutboxEntryEntity#deliveredAt",
            ENTITIES + "OutboxEntryEntity#getId()",
            ENTITIES + "OutboxEntryEntity#getRealmId()",
            ENTITIES + "OutboxEntryEntity#getOwnerId()",
            ENTITIES + "OutboxEntryEntity#getCorrelationId()",
            ENTITIES + "OutboxEntryEntity#getEntryType()",
            ENTITIES + "OutboxEntryEntity#getPayload()",
            ENTITIES + "OutboxEntryEntity#getMetadata()",
            ENTITIES + "OutboxEntryEntity#getStatus()",
            ENTITIES + "OutboxEntryEntity#getNextAttemptAt()",
            ENTITIES + "OutboxEntryEntity#getCreatedAt()",
            ENTITIES + "OutboxEntryEntity#setNextAttemptAt(Instant)");

    /** The Keycloak version this pack was built and tested with (written by the build). */
    public static final String BUILT_WITH = builtWith();

    private OutboxCompatibility() {
    }

    /** The outcome: the versions, and every expected member the running server lacks (none: compatible). */
    public record Result(String running, String builtWith, List<String> missing) {

        public boolean compatible() {
            return missing.isEmpty();
        }

        /** One line for the log and the server info. */
        public String describe() {
            if (compatible()) {
                return "outbox compatible (tested with Keycloak " + builtWith + ", running " + running + ")";
            }
            return "Keycloak " + running + " does not offer the transactional outbox this pack was tested "
                    + "with (Keycloak " + builtWith + "); missing: " + String.join(", ", missing);
        }
    }

    /** Checks the running server's classes. */
    public static Result check(String runningVersion) {
        return check(EXPECTED, BUILT_WITH, runningVersion, OutboxCompatibility.class.getClassLoader());
    }

    static Result check(List<String> expected, String builtWith, String running, ClassLoader loader) {
        List<String> missing = new ArrayList<>();
        for (String member : expected) {
            if (!present(member, loader)) {
                missing.add(member.replace(OUTBOX, "").replace(ENTITIES, ""));
            }
        }
        return new Result(running, builtWith, List.copyOf(missing));
    }

    private static boolean present(String member, ClassLoader loader) {
        int hash = member.indexOf('#');
        Class<?> type;
        try {
            type = Class.forName(member.substring(0, hash), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        String name = member.substring(hash + 1);
        int paren = name.indexOf('(');
        try {
            if (paren < 0) {
                type.getDeclaredField(name);
                return true;
            }
            List<String> parameters = name.endsWith("()") ? List.of()
                    : Arrays.asList(name.substring(paren + 1, name.length() - 1).split(","));
            String method = name.substring(0, paren);
            Stream<? extends Executable> candidates = method.equals("<init>") ? Stream.of(type.getDeclaredConstructors())
                    : Stream.of(type.getDeclaredMethods()).filter(m -> m.getName().equals(method));
            return candidates.anyMatch(e -> Arrays.stream(e.getParameterTypes()).map(Class::getSimpleName).toList()
                    .equals(parameters));
        } catch (NoSuchFieldException | LinkageError e) {
            return false;
        }
    }

    private static String builtWith() {
        Properties properties = new Properties();
        try (InputStream in = OutboxCompatibility.class.getResourceAsStream("built-with.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("keycloak.version", "unknown");
    }
}
