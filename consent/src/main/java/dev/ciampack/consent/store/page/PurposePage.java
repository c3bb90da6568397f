package dev.ciampack.consent.store.page;

import java.util.List;
import java.util.Map;

import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

import dev.ciampack.common.ConsoleForms;
import dev.ciampack.consent.spi.ConsentProvider;
import dev.ciampack.consent.spi.InvalidPurposesException;
import dev.ciampack.consent.spi.Purpose;

/**
 * The admin console page {@code ciam-consent-purposes}: the realm's consent purposes, one realm component each.
 * The purposes themselves stay where the consent store keeps them (the realm attribute behind
 * {@link ConsentProvider#purposes}); a component is the page's view of one of them. Saving on the page goes through
 * {@link PurposeConfig#merge} and {@link ConsentProvider#setPurposes}, the REST API's validation and write; every
 * write of purposes (REST, this page, a realm import) brings the components in line ({@link PurposeComponents}).
 * Deleting a purpose on the page retires it: it is no longer asked and its ledger stays.
 */
public final class PurposePage implements UiPageProviderFactory<ComponentModel> {

    public static final String PROVIDER_ID = "ciam-consent-purposes";
    public static final String PROVIDER_TYPE = UiPageProvider.class.getName();

    private static final List<ProviderConfigProperty> PROPERTIES = ConsoleForms.keyed(PROVIDER_ID,
            ProviderConfigurationBuilder.create()
            .property().name(PurposeConfig.ID).type(ProviderConfigProperty.STRING_TYPE).required(true).add()
            .property().name(PurposeConfig.VERSION).type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue("1").add()
            .property().name(PurposeConfig.REQUIRED).type(ProviderConfigProperty.BOOLEAN_TYPE)
            .defaultValue("false").add()
            .property().name(PurposeConfig.TITLE).type(ProviderConfigProperty.MAP_TYPE).add()
            .property().name(PurposeConfig.DESCRIPTION)
            .type(ProviderConfigProperty.MAP_TYPE)
            .add()
            .property().name(PurposeConfig.POLICY_URL).type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(PurposeConfig.POLICY_URLS).type(ProviderConfigProperty.MAP_TYPE).add()
            .property().name(PurposeConfig.DATA_CATEGORIES)
            .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
            .add()
            .property().name(PurposeConfig.GPC)
            .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
            .build());

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return ConsoleForms.help(PROVIDER_ID);
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }

    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(PurposeConfig.ID, PurposeConfig.VERSION, PurposeConfig.REQUIRED));
    }

    /**
     * The REST API's validation of the realm's purposes with this one in them, and a fixed, realm-unique id; then the
     * write. The write happens here, before Keycloak stores the component, because within the transaction Keycloak
     * reads a component back with its old and new config rows once it has updated it.
     */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        ComponentModel stored = model.getId() == null ? null : realm.getComponent(model.getId());
        ConsoleForms.clean(model, stored);
        String id = PurposeConfig.id(model.getConfig());
        model.setName(id);
        if (PurposeComponents.syncing(session)) {
            return;
        }
        if (stored != null && id != null && !id.equals(PurposeConfig.id(stored.getConfig()))) {
            throw ConsoleForms.refusal("a purpose's id cannot change (its ledger refers to it): delete "
                    + "this purpose to retire it and add a new one");
        }
        boolean taken = id != null && PurposeComponents.all(realm)
                .anyMatch(c -> !c.getId().equals(model.getId()) && id.equals(PurposeConfig.id(c.getConfig())));
        if (taken) {
            throw ConsoleForms.refusal("a purpose with id '" + id + "' exists: edit it instead");
        }
        ConsentProvider consent = consent(session);
        List<Purpose> current = consent.purposes(realm);
        List<Purpose> next;
        try {
            next = PurposeConfig.merge(current, model.getConfig());
        } catch (InvalidPurposesException e) {
            throw ConsoleForms.refusal(String.join("; ", e.errors()));
        }
        next.stream().filter(p -> p.id().equals(id)).findFirst()
                .ifPresent(p -> model.setConfig(PurposeConfig.config(p)));
        if (!next.equals(current)) {
            PurposeComponents.saving(session, id, () -> consent.setPurposes(realm, next));
        }
    }

    /** Deleting a purpose on the page retires it (takes it out of the realm's purposes); its ledger stays. */
    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        String id = PurposeConfig.id(model.getConfig());
        ConsentProvider consent = consent(session);
        List<Purpose> current = consent.purposes(realm);
        List<Purpose> next = current.stream().filter(p -> !p.id().equals(id)).toList();
        if (next.size() != current.size()) {
            PurposeComponents.saving(session, id, () -> consent.setPurposes(realm, next));
        }
    }

    private static ConsentProvider consent(KeycloakSession session) {
        return session.getProvider(ConsentProvider.class);
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
