package dev.ciampack.themes.brand;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

import dev.ciampack.common.Brand;
import dev.ciampack.common.ConsoleForms;

/**
 * The admin console page {@code ciam-brand}: a realm's brand (colours, corner radius, fonts, logo, dark-mode
 * variants) as one realm component, validated by {@link Brand#parse} (module common: the pack's emails read it too). The login pages of the {@code ciam} theme
 * load it from {@link BrandResourceFactory} on each page load: no restart or rebuild, and every node of a cluster
 * reads the same component. Nothing here is secret: the brand is public by nature (it is served to anyone).
 */
public final class BrandPage implements UiPageProviderFactory<ComponentModel> {

    public static final String PROVIDER_ID = Brand.PROVIDER_ID;
    static final String NAME = "brand";

    private static final List<ProviderConfigProperty> PROPERTIES = ConsoleForms.keyed(PROVIDER_ID,
            ProviderConfigurationBuilder.create()
            .property().name(Brand.PRIMARY).type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(Brand.PRIMARY_HOVER).type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(Brand.BACKGROUND).type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(Brand.TEXT).type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(Brand.RADIUS).type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(Brand.FONT).type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(Brand.WEB_FONT_URL).type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(Brand.LOGO_URL).type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(Brand.LOGO_HEIGHT).type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(Brand.PRIMARY_DARK).type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(Brand.BACKGROUND_DARK)
            .type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(Brand.TEXT_DARK).type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(Brand.LOGO_URL_DARK).type(ProviderConfigProperty.STRING_TYPE).add()
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

    /** {@link Brand#parse}, and one brand per realm. */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        ConsoleForms.clean(model, model.getId() == null ? null : realm.getComponent(model.getId()));
        String fontProblem;
        try {
            fontProblem = Brand.parse(model.getConfig()).fontHostProblem(BrandResourceFactory.webFontHosts(session));
        } catch (IllegalArgumentException e) {
            throw ConsoleForms.refusal(e.getMessage());
        }
        if (fontProblem != null) {
            throw ConsoleForms.refusal(fontProblem);
        }
        boolean another = realm.getComponentsStream(realm.getId(), Brand.PROVIDER_TYPE)
                .anyMatch(c -> PROVIDER_ID.equals(c.getProviderId()) && !c.getId().equals(model.getId()));
        if (another) {
            throw ConsoleForms.refusal("this realm has a brand already: edit it instead of adding another");
        }
        model.setName(NAME);
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
