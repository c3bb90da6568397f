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

    private static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(Brand.PRIMARY).label("Primary colour").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("Buttons, links and focus rings, as #rrggbb. Empty: the theme's #1f5f8b.").add()
            .property().name(Brand.PRIMARY_HOVER).label("Primary colour on hover").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("Buttons and links under the pointer, as #rrggbb.").add()
            .property().name(Brand.BACKGROUND).label("Page background").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("Behind the card, as #rrggbb.").add()
            .property().name(Brand.TEXT).label("Text colour").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("The realm name above the card, as #rrggbb.").add()
            .property().name(Brand.RADIUS).label("Corner radius (px)").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("Corners of the card and buttons, 0 to " + Brand.MAX_RADIUS + ".").add()
            .property().name(Brand.FONT).label("Font stack").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("Font names separated by commas, names with spaces in quotes, e.g. \"Open Sans\", Arial, "
                    + "sans-serif.").add()
            .property().name(Brand.WEB_FONT_URL).label("Web font stylesheet URL").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("Optional https address of a font stylesheet (e.g. from a font service) that defines the fonts "
                    + "named above.").add()
            .property().name(Brand.LOGO_URL).label("Logo URL").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("https address of the logo above the card. Empty: the theme's logo.").add()
            .property().name(Brand.LOGO_HEIGHT).label("Logo height (px)").type(ProviderConfigProperty.STRING_TYPE)
            .helpText(Brand.MIN_LOGO_HEIGHT + " to " + Brand.MAX_LOGO_HEIGHT + ".").add()
            .property().name(Brand.PRIMARY_DARK).label("Dark mode: link colour").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("Links and outlined buttons on the dark card, as #rrggbb; keep it light.").add()
            .property().name(Brand.BACKGROUND_DARK).label("Dark mode: page background")
            .type(ProviderConfigProperty.STRING_TYPE).helpText("As #rrggbb.").add()
            .property().name(Brand.TEXT_DARK).label("Dark mode: text colour").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("The realm name above the card, as #rrggbb.").add()
            .property().name(Brand.LOGO_URL_DARK).label("Dark mode: logo URL").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("https address of a logo that reads on a dark page. Empty: the theme's.").add()
            .build();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "The realm's brand on its sign-in pages: colours, corners, fonts and logo (CIAM Pack). One per realm.";
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
        try {
            Brand.parse(model.getConfig());
        } catch (IllegalArgumentException e) {
            throw ConsoleForms.refusal(e.getMessage());
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
