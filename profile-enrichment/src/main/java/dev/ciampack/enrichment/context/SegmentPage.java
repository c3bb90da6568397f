package dev.ciampack.enrichment.context;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.keycloak.Config;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

import dev.ciampack.common.ConsoleForms;
import dev.ciampack.enrichment.segments.SegmentConfig;

/**
 * The admin console page {@code ciam-segments}: the realm's segments, one realm component each. The rules stay in the
 * {@code segments} setting of the required action {@code ciam-login-context} (their one store, which Keycloak's
 * required-action configuration API also writes); a save goes through {@link SegmentConfig#merge}, i.e.
 * {@link dev.ciampack.enrichment.segments.SegmentRules#parse}. Every write of the rules brings the items in line.
 */
public final class SegmentPage implements UiPageProviderFactory<ComponentModel> {

    public static final String PROVIDER_ID = "ciam-segments";
    public static final String PROVIDER_TYPE = UiPageProvider.class.getName();

    private static final String SYNCING = "ciam.segments.page.syncing";
    private static final String WRITING = "ciam.segments.page.writing";

    private static final List<ProviderConfigProperty> PROPERTIES = ConsoleForms.keyed(PROVIDER_ID,
            ProviderConfigurationBuilder.create()
            .property().name("name").type(ProviderConfigProperty.STRING_TYPE).required(true).add()
            .property().name("position").type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name("all").type(ProviderConfigProperty.TEXT_TYPE).add()
            .property().name("any").type(ProviderConfigProperty.TEXT_TYPE).add()
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
        return Map.of("displayFields", List.of("name", "position", "all"));
    }

    /**
     * The required action's validation of the rules with this segment in them, and a fixed, unique name; then the
     * write, here, before Keycloak stores the component (see the questions page, same reason).
     */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        ComponentModel stored = model.getId() == null ? null : realm.getComponent(model.getId());
        ConsoleForms.clean(model, stored);
        String name = model.get("name");
        model.setName(name);
        if (session.getAttribute(SYNCING) != null) {
            return;
        }
        if (realm.getRequiredActionProviderByAlias(LoginContextActionFactory.PROVIDER_ID) == null) {
            throw ConsoleForms.refusal("the required action CIAM login context is not in this realm: add it in "
                    + "Authentication, Required actions, then add segments here");
        }
        if (stored != null && name != null && !name.equals(stored.get("name"))) {
            throw ConsoleForms.refusal("a segment's name cannot change: delete this segment and add another");
        }
        if (name != null && all(realm).anyMatch(c -> !c.getId().equals(model.getId()) && name.equals(c.get("name")))) {
            throw ConsoleForms.refusal("a segment named '" + name + "' exists: edit it instead");
        }
        String rules;
        try {
            rules = SegmentConfig.merge(rules(realm), model.getConfig());
        } catch (IllegalArgumentException e) {
            throw ConsoleForms.refusal(e.getMessage());
        }
        for (MultivaluedHashMap<String, String> config : SegmentConfig.configs(rules)) {
            if (config.getFirst("name").equals(name)) {
                model.setConfig(config);
            }
        }
        write(session, realm, rules);
        sync(session, realm, rules, name);
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (session.getAttribute(SYNCING) != null) {
            return;
        }
        String rules = SegmentConfig.without(rules(realm), model.get("name"));
        write(session, realm, rules);
        sync(session, realm, rules, model.get("name"));
    }

    /** Whether the page itself is writing the rules (the required action's check then leaves the items to it). */
    static boolean writing(KeycloakSession session) {
        return session.getAttribute(WRITING) != null;
    }

    /** Brings the realm's segment items in line with {@code rules}, leaving the one named {@code current} alone. */
    static void sync(KeycloakSession session, RealmModel realm, String rules, String current) {
        List<MultivaluedHashMap<String, String>> configs = SegmentConfig.configs(rules);
        session.setAttribute(SYNCING, Boolean.TRUE);
        try {
            Set<String> seen = new HashSet<>();
            if (current != null) {
                seen.add(current);
            }
            for (ComponentModel component : new ArrayList<>(all(realm).toList())) {
                String name = component.get("name");
                if (current != null && current.equals(name)) {
                    continue;
                }
                MultivaluedHashMap<String, String> config = configs.stream()
                        .filter(c -> c.getFirst("name").equals(name)).findFirst().orElse(null);
                if (config == null || !seen.add(name)) {
                    realm.removeComponent(component);
                } else if (!config.equals(component.getConfig())) {
                    component.setConfig(config);
                    realm.updateComponent(component);
                }
            }
            for (MultivaluedHashMap<String, String> config : configs) {
                if (!seen.contains(config.getFirst("name"))) {
                    ComponentModel component = new ComponentModel();
                    component.setName(config.getFirst("name"));
                    component.setParentId(realm.getId());
                    component.setProviderId(PROVIDER_ID);
                    component.setProviderType(PROVIDER_TYPE);
                    component.setConfig(config);
                    realm.addComponentModel(component);
                }
            }
        } finally {
            session.removeAttribute(SYNCING);
        }
    }

    static String rules(RealmModel realm) {
        RequiredActionConfigModel model = realm.getRequiredActionConfigByAlias(LoginContextActionFactory.PROVIDER_ID);
        return model == null || model.getConfig() == null ? null : model.getConfig().get(LoginContextSettings.SEGMENTS);
    }

    private static Stream<ComponentModel> all(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), PROVIDER_TYPE).filter(c -> PROVIDER_ID.equals(c.getProviderId()));
    }

    private static void write(KeycloakSession session, RealmModel realm, String rules) {
        RequiredActionConfigModel model = realm.getRequiredActionConfigByAlias(LoginContextActionFactory.PROVIDER_ID);
        if (model == null) {
            model = new RequiredActionConfigModel();
            model.setAlias(LoginContextActionFactory.PROVIDER_ID);
            model.setProviderId(LoginContextActionFactory.PROVIDER_ID);
        }
        Map<String, String> config = new HashMap<>(model.getConfig() == null ? Map.of() : model.getConfig());
        config.put(LoginContextSettings.SEGMENTS, rules);
        model.setConfig(config);
        RequiredActionConfigModel written = model;
        session.setAttribute(WRITING, Boolean.TRUE);
        try {
            realm.updateRequiredActionConfig(written);
        } finally {
            session.removeAttribute(WRITING);
        }
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                sync(created.getKeycloakSession(), created.getCreatedRealm(), rules(created.getCreatedRealm()), null);
            } else if (event instanceof org.keycloak.models.utils.PostMigrationEvent migrated) {
                org.keycloak.models.utils.KeycloakModelUtils.runJobInTransaction(migrated.getFactory(), session -> session
                        .realms().getRealmsStream().forEach(realm -> sync(session, realm, rules(realm), null)));
            }
        });
    }

    @Override
    public void close() {
    }
}
