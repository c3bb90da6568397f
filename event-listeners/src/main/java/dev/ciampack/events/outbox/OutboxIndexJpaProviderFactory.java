package dev.ciampack.events.outbox;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Adds two indexes to Keycloak's {@code OUTBOX_ENTRY} table through Keycloak's own Liquibase run (no entity of
 * its own). {@code IDX_CIAM_OUTBOX_DUE (ENTRY_KIND, STATUS, NEXT_ATTEMPT_AT, CREATED_AT, ID)} serves the claim of a
 * batch ({@link OutboxRows#lockDue}): the oldest due rows are read in index order, where a sort of every due row
 * made each batch of a long backlog cost as much as the backlog. {@code IDX_CIAM_OUTBOX_ORDER (ENTRY_KIND, OWNER_ID, CONTAINER_ID, STATUS, CREATED_AT)}. It serves
 * the check that keeps a person's rows in commit order ({@link OutboxRows#waitingBehindEarlier}): "this person's
 * pending rows for this sink created before their newest row in the batch" is then a range read of those rows
 * only, where Keycloak's indexes made every batch read all of the sink's rows of its people (delivered ones
 * included), or on H2 all of the sink's rows.
 */
public final class OutboxIndexJpaProviderFactory implements JpaEntityProviderFactory, JpaEntityProvider {

    public static final String PROVIDER_ID = "ciam-events-outbox-index";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public List<Class<?>> getEntities() {
        return List.of();
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/ciam-events-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return PROVIDER_ID;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
