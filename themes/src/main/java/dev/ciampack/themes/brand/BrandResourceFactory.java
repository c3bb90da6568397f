package dev.ciampack.themes.brand;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts {@link BrandResource} at {@code /realms/{realm}/ciam-brand}. */
public final class BrandResourceFactory implements RealmResourceProviderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "ciam-brand";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new BrandResource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    /** Server option: the hosts a brand's web-font stylesheet may come from (none by default). */
    static final String WEB_FONT_HOSTS = "web-font-hosts";

    private Set<String> webFontHosts = Set.of();

    /** The hosts a brand's web-font stylesheet may come from, lower-case. */
    static Set<String> webFontHosts(KeycloakSession session) {
        BrandResourceFactory factory = (BrandResourceFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(RealmResourceProvider.class, PROVIDER_ID);
        return factory == null ? Set.of() : factory.webFontHosts;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("path", "/realms/{realm}/" + PROVIDER_ID + "/brand.css", WEB_FONT_HOSTS,
                String.join(",", new TreeSet<>(webFontHosts)));
    }

    @Override
    public void init(Config.Scope config) {
        String[] hosts = config.getArray(WEB_FONT_HOSTS);
        Set<String> parsed = new TreeSet<>();
        for (String host : hosts == null ? new String[0] : hosts) {
            String h = host.strip().toLowerCase(Locale.ROOT);
            if (h.isEmpty()) {
                continue;
            }
            if (!h.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
                throw new IllegalArgumentException("--spi-realm-restapi-extension--ciam-brand--" + WEB_FONT_HOSTS
                        + ": '" + host + "' is not a host name (e.g. fonts.googleapis.com)");
            }
            parsed.add(h);
        }
        webFontHosts = Set.copyOf(parsed);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create().property().name(WEB_FONT_HOSTS)
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Hosts a brand's web-font stylesheet (webFontUrl) may come from, comma-separated, e.g. "
                        + "fonts.googleapis.com; none by default, so no stylesheet from elsewhere enters the sign-in "
                        + "pages").add().build();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
