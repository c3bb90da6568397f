package dev.ciampack.consent.store;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import dev.ciampack.consent.store.page.PurposeComponents;
import dev.ciampack.consent.spi.ConsentProvider;
import dev.ciampack.consent.spi.ConsentProviderFactory;
import dev.ciampack.consent.spi.InvalidPurposesException;
import dev.ciampack.consent.spi.Purpose;

/**
 * The default consent store. Server option {@code --spi-ciam-consent--default--user-deletion}:
 * {@code anonymize} (default) keeps a deleted person's ledger rows as proof with the user id replaced
 * by a random token and address and user agent erased; {@code delete} removes them.
 */
public final class DefaultConsentProviderFactory implements ConsentProviderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "default";
    public static final String USER_DELETION = "user-deletion";
    public static final String ANONYMIZE = "anonymize";
    public static final String DELETE = "delete";
    public static final String DEFAULT_USER_DELETION = ANONYMIZE;

    private static final Logger LOG = Logger.getLogger(DefaultConsentProviderFactory.class);

    private final PurposeCache purposeCache = new PurposeCache();
    private String userDeletion = DEFAULT_USER_DELETION;

    @Override
    public ConsentProvider create(KeycloakSession session) {
        return new DefaultConsentProvider(session, purposeCache);
    }

    @Override
    public void init(Config.Scope config) {
        String value = config.get(USER_DELETION, DEFAULT_USER_DELETION);
        if (!ANONYMIZE.equals(value) && !DELETE.equals(value)) {
            throw new IllegalArgumentException("--spi-ciam-consent--default--" + USER_DELETION
                    + " must be '" + ANONYMIZE + "' or '" + DELETE + "', not '" + value + "'");
        }
        userDeletion = value;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(this::onEvent);
        purposeCache.evictRemovedRealms(factory);
    }

    private void onEvent(ProviderEvent event) {
        if (event instanceof UserModel.UserRemovedEvent removed) {
            onUserRemoved(removed.getKeycloakSession(), removed.getRealm(), removed.getUser());
        } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
            removed.getKeycloakSession().getProvider(JpaConnectionProvider.class).getEntityManager()
                    .createNamedQuery("ciamConsentDeleteRealm")
                    .setParameter("realmId", removed.getRealm().getId()).executeUpdate();
        } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
            declareImportedPurposes(created.getKeycloakSession(), created.getCreatedRealm());
        } else if (event instanceof PostMigrationEvent migrated) {
            // Realms whose purposes were written before the admin console page existed get its components.
            KeycloakModelUtils.runJobInTransaction(migrated.getFactory(), session -> session.realms().getRealmsStream()
                    .forEach(realm -> PurposeComponents.sync(session, realm, purposeCache.get(realm))));
        }
    }

    private void onUserRemoved(KeycloakSession session, RealmModel realm, UserModel user) {
        var em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        if (DELETE.equals(userDeletion)) {
            em.createNamedQuery("ciamConsentDeleteUser")
                    .setParameter("realmId", realm.getId()).setParameter("userId", user.getId()).executeUpdate();
        } else {
            em.createNamedQuery("ciamConsentAnonymizeUser")
                    .setParameter("pseudonym", "deleted:" + UUID.randomUUID())
                    .setParameter("realmId", realm.getId()).setParameter("userId", user.getId()).executeUpdate();
        }
    }

    /** A realm imported with purposes gets their User Profile attributes; bad definitions are logged. */
    private void declareImportedPurposes(KeycloakSession session, RealmModel realm) {
        String raw = realm.getAttribute(PurposesJson.REALM_ATTRIBUTE);
        if (raw == null || raw.isBlank()) {
            return;
        }
        try {
            List<Purpose> purposes = PurposesJson.parse(raw);
            UserProfileFragment.apply(session, realm, purposes);
            PurposeComponents.sync(session, realm, purposes);
        } catch (InvalidPurposesException e) {
            LOG.errorf("Realm '%s' was imported with invalid consent purposes (%s): %s", realm.getName(),
                    PurposesJson.REALM_ATTRIBUTE, String.join("; ", e.errors()));
        }
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(USER_DELETION)
                .type(ProviderConfigProperty.LIST_TYPE)
                .options(ANONYMIZE, DELETE)
                .defaultValue(DEFAULT_USER_DELETION)
                .helpText("What happens to a deleted user's consent ledger rows: 'anonymize' keeps them as proof "
                        + "without the user id, address or user agent; 'delete' removes them.")
                .add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", PackVersion.get(), USER_DELETION, userDeletion);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void close() {
    }
}
