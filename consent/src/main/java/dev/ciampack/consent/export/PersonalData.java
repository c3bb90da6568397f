package dev.ciampack.consent.export;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderFactory;

import dev.ciampack.consent.spi.PersonalDataContributor;

/**
 * A person's data export: one JSON document with a section from every {@link PersonalDataContributor}
 * deployed (the pack's own: account, consent, progressive-profiling, enrichment, deliveries). The same
 * document answers the person ("download my data") and an administrator's data-subject access request.
 */
public final class PersonalData {

    /** The document's {@code format}: bumped when a section changes incompatibly. */
    public static final String FORMAT = "ciam-personal-data/1";

    private PersonalData() {
    }

    public static Map<String, Object> document(KeycloakSession session, RealmModel realm, UserModel user) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", FORMAT);
        document.put("realm", realm.getName());
        document.put("subject", user.getId());
        document.put("exportedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        session.getKeycloakSessionFactory().getProviderFactoriesStream(PersonalDataContributor.class)
                .<ProviderFactory<?>>map(f -> f)
                .sorted(Comparator.comparingInt((ProviderFactory<?> f) -> f.order()).reversed()
                        .thenComparing(f -> f.getId()))
                .forEach(factory -> {
                    Object section = session.getProvider(PersonalDataContributor.class, factory.getId())
                            .collect(session, realm, user);
                    if (section != null) {
                        document.put(factory.getId(), section);
                    }
                });
        return document;
    }

    /** An instant in milliseconds since the epoch as ISO-8601 UTC, or null. */
    public static String time(Long epochMillis) {
        return epochMillis == null || epochMillis <= 0 ? null : Instant.ofEpochMilli(epochMillis).toString();
    }
}
