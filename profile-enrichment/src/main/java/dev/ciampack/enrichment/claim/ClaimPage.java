package dev.ciampack.enrichment.claim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.keycloak.Config;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.resources.admin.AdminRoot;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;
import org.keycloak.userprofile.UserProfileProvider;

import dev.ciampack.common.ConsoleForms;
import dev.ciampack.consent.spi.ConsentProvider;

/**
 * The admin console page {@code ciam-personalization-claims}: which profile attributes the personalization claim
 * carries, one item per {@link PersonalizationMapper} of the realm, named by where it is ({@code scope:<client scope>}
 * or {@code client:<client id>}). The mapper stays the one store: a save writes its attribute list and purpose (and
 * adds the mapper, with the usual token switches on, where there is none yet); a mapper changed in the console's own
 * mapper form is brought onto the page when Keycloak checks it.
 */
public final class ClaimPage implements UiPageProviderFactory<ComponentModel> {

    public static final String PROVIDER_ID = "ciam-personalization-claims";
    public static final String PROVIDER_TYPE = UiPageProvider.class.getName();
    static final String LOCATION = "location";
    private static final String SYNCING = "ciam.claim.page.syncing";

    private static final List<ProviderConfigProperty> PROPERTIES = ConsoleForms.keyed(PROVIDER_ID,
            ProviderConfigurationBuilder.create()
            .property().name(LOCATION).type(ProviderConfigProperty.STRING_TYPE).required(true).add()
            .property().name(PersonalizationMapper.ATTRIBUTES)
            .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).add()
            .property().name(PersonalizationMapper.PURPOSE)
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(PersonalizationMapper.DEFAULT_PURPOSE).add()
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
        return Map.of("displayFields", List.of(LOCATION, PersonalizationMapper.ATTRIBUTES, PersonalizationMapper.PURPOSE));
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        ComponentModel stored = model.getId() == null ? null : realm.getComponent(model.getId());
        ConsoleForms.clean(model, stored);
        String location = model.get(LOCATION) == null ? null : model.get(LOCATION).strip();
        model.setName(location);
        if (session.getAttribute(SYNCING) != null) {
            return;
        }
        ProtocolMapperContainerModel container = container(realm, location);
        requireManageOf(session, realm, container);
        List<String> errors = new ArrayList<>();
        if (container == null) {
            errors.add("where must be scope:<client scope name> or client:<client id> of this realm (got '"
                    + location + "')");
        }
        if (stored != null && location != null && !location.equals(stored.get(LOCATION))) {
            errors.add("where cannot change: delete this item and add another");
        }
        if (location != null && all(realm).anyMatch(c -> !c.getId().equals(model.getId()) && location.equals(c.get(LOCATION)))) {
            errors.add("the claim at '" + location + "' is on this page already: edit it instead");
        }
        List<String> attributes = model.getConfig().getOrDefault(PersonalizationMapper.ATTRIBUTES, List.of()).stream()
                .filter(a -> a != null && !a.isBlank()).map(String::strip).distinct().toList();
        Set<String> declared = session.getProvider(UserProfileProvider.class).getConfiguration().getAttributes().stream()
                .map(UPAttribute::getName).collect(Collectors.toSet());
        attributes.stream().filter(a -> !declared.contains(a))
                .forEach(a -> errors.add("attributes: '" + a + "' is not an attribute of the realm's User Profile"));
        String purpose = model.get(PersonalizationMapper.PURPOSE);
        purpose = purpose == null || purpose.isBlank() ? PersonalizationMapper.DEFAULT_PURPOSE : purpose.strip();
        ConsentProvider consent = session.getProvider(ConsentProvider.class);
        if (consent != null && consent.purpose(realm, purpose).isEmpty()) {
            errors.add("purpose '" + purpose + "' is not a consent purpose of the realm");
        }
        if (!errors.isEmpty()) {
            throw ConsoleForms.refusal(String.join("; ", errors));
        }
        ProtocolMapperModel mapper = mapper(container);
        if (mapper == null) {
            mapper = new ProtocolMapperModel();
            mapper.setName("personalization");
            mapper.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
            mapper.setProtocolMapper(PersonalizationMapper.PROVIDER_ID);
            Map<String, String> config = new HashMap<>();
            config.put(OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME, PersonalizationMapper.DEFAULT_CLAIM);
            config.put(OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN, "true");
            config.put(OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN, "true");
            config.put(OIDCAttributeMapperHelper.INCLUDE_IN_USERINFO, "true");
            config.put(OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION, "true");
            mapper.setConfig(config);
            mapper = container.addProtocolMapper(mapper);
        }
        Map<String, String> config = new HashMap<>(mapper.getConfig());
        config.put(PersonalizationMapper.ATTRIBUTES, String.join(",", attributes));
        config.put(PersonalizationMapper.PURPOSE, purpose);
        mapper.setConfig(config);
        container.updateProtocolMapper(mapper);
        model.setConfig(config(location, mapper));
    }

    /** Deleting an item removes the claim's mapper from that place. */
    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (session.getAttribute(SYNCING) != null) {
            return;
        }
        ProtocolMapperContainerModel container = container(realm, model.get(LOCATION));
        requireManageOf(session, realm, container);
        ProtocolMapperModel mapper = container == null ? null : mapper(container);
        if (mapper != null) {
            container.removeProtocolMapper(mapper);
        }
    }

    /**
     * The page changes a client's or client scope's mappers, which Keycloak's own API allows only to administrators who
     * may manage that client (or clients, for a scope): manage-realm, which the components API checks, is not enough.
     * Only admin requests to the components API are checked here; imports and the server's own writes carry no token.
     */
    private static void requireManageOf(KeycloakSession session, RealmModel realm, ProtocolMapperContainerModel container) {
        if (!(session.getContext().getBearerToken() instanceof AccessToken)
                || !session.getContext().getUri().getPath().contains("/components")) {
            return;
        }
        // Authenticating the admin request points the session's context at the admin's realm (master for a server
        // admin); the page's checks after this (User Profile, purposes) need the realm being edited again.
        RealmModel edited = session.getContext().getRealm();
        try {
            AdminPermissionEvaluator auth = AdminPermissions.evaluator(session, realm,
                    AdminRoot.authenticateRealmAdminRequest(session));
            if (container instanceof ClientModel client) {
                auth.clients().requireManage(client);
            } else if (container instanceof ClientScopeModel scope) {
                auth.clients().requireManage(scope);
            } else {
                auth.clients().requireManage();
            }
        } finally {
            session.getContext().setRealm(edited);
        }
    }

    /** Brings the page's item for the mapper at {@code location} in line with {@code mapper} (Keycloak checking it). */
    static void follow(KeycloakSession session, RealmModel realm, ProtocolMapperContainerModel container,
                       ProtocolMapperModel mapper) {
        String location = location(container);
        if (location == null) {
            return;
        }
        MultivaluedHashMap<String, String> config = config(location, mapper);
        session.setAttribute(SYNCING, Boolean.TRUE);
        try {
            ComponentModel item = all(realm).filter(c -> location.equals(c.get(LOCATION))).findFirst().orElse(null);
            if (item == null) {
                add(realm, config);
            } else if (!config.equals(item.getConfig())) {
                item.setConfig(config);
                realm.updateComponent(item);
            }
        } finally {
            session.removeAttribute(SYNCING);
        }
    }

    /** One item per mapper of the realm: added where missing, removed where the mapper is gone. */
    static void sync(KeycloakSession session, RealmModel realm) {
        Map<String, MultivaluedHashMap<String, String>> wanted = new LinkedHashMap<>();
        Stream.concat(realm.getClientScopesStream().map(s -> (ProtocolMapperContainerModel) s),
                realm.getClientsStream().map(c -> (ProtocolMapperContainerModel) c)).forEach(container -> {
                    ProtocolMapperModel mapper = mapper(container);
                    if (mapper != null) {
                        wanted.put(location(container), config(location(container), mapper));
                    }
                });
        session.setAttribute(SYNCING, Boolean.TRUE);
        try {
            for (ComponentModel item : all(realm).toList()) {
                MultivaluedHashMap<String, String> config = wanted.remove(item.get(LOCATION));
                if (config == null) {
                    realm.removeComponent(item);
                } else if (!config.equals(item.getConfig())) {
                    item.setConfig(config);
                    realm.updateComponent(item);
                }
            }
            wanted.values().forEach(config -> add(realm, config));
        } finally {
            session.removeAttribute(SYNCING);
        }
    }

    private static void add(RealmModel realm, MultivaluedHashMap<String, String> config) {
        ComponentModel item = new ComponentModel();
        item.setName(config.getFirst(LOCATION));
        item.setParentId(realm.getId());
        item.setProviderId(PROVIDER_ID);
        item.setProviderType(PROVIDER_TYPE);
        item.setConfig(config);
        realm.addComponentModel(item);
    }

    private static MultivaluedHashMap<String, String> config(String location, ProtocolMapperModel mapper) {
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle(LOCATION, location);
        String names = mapper.getConfig().getOrDefault(PersonalizationMapper.ATTRIBUTES, "");
        List<String> attributes = Arrays.stream(names.split(",")).map(String::strip).filter(n -> !n.isEmpty()).toList();
        if (!attributes.isEmpty()) {
            config.put(PersonalizationMapper.ATTRIBUTES, new ArrayList<>(attributes));
        }
        String purpose = mapper.getConfig().get(PersonalizationMapper.PURPOSE);
        config.putSingle(PersonalizationMapper.PURPOSE, purpose == null || purpose.isBlank()
                ? PersonalizationMapper.DEFAULT_PURPOSE : purpose);
        return config;
    }

    private static ProtocolMapperContainerModel container(RealmModel realm, String location) {
        if (location == null) {
            return null;
        }
        if (location.startsWith("scope:")) {
            String name = location.substring("scope:".length());
            return realm.getClientScopesStream().filter(s -> s.getName().equals(name)).findFirst().orElse(null);
        }
        if (location.startsWith("client:")) {
            return realm.getClientByClientId(location.substring("client:".length()));
        }
        return null;
    }

    private static String location(ProtocolMapperContainerModel container) {
        // A client is a client scope too (ClientModel extends ClientScopeModel): ask for the client first.
        if (container instanceof ClientModel client) {
            return "client:" + client.getClientId();
        }
        if (container instanceof ClientScopeModel scope) {
            return "scope:" + scope.getName();
        }
        return null;
    }

    private static ProtocolMapperModel mapper(ProtocolMapperContainerModel container) {
        return container.getProtocolMappersStream()
                .filter(m -> PersonalizationMapper.PROVIDER_ID.equals(m.getProtocolMapper())).findFirst().orElse(null);
    }

    private static Stream<ComponentModel> all(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), PROVIDER_TYPE).filter(c -> PROVIDER_ID.equals(c.getProviderId()));
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                sync(created.getKeycloakSession(), created.getCreatedRealm());
            } else if (event instanceof org.keycloak.models.utils.PostMigrationEvent migrated) {
                org.keycloak.models.utils.KeycloakModelUtils.runJobInTransaction(migrated.getFactory(), session -> session
                        .realms().getRealmsStream().forEach(realm -> sync(session, realm)));
            }
        });
    }

    @Override
    public void close() {
    }
}
