package dev.ciampack.enrichment.context;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.userprofile.ValidationException;
import org.keycloak.validate.ValidationError;

/**
 * "CIAM login context": records sign-in context and links anonymous ids. A required action that never
 * shows a page (see {@link LoginContextAction}); enable it in the realm's required actions.
 */
public final class LoginContextActionFactory implements RequiredActionFactory {

    public static final String PROVIDER_ID = "ciam-login-context";
    private final EnrichmentProfile profile = new EnrichmentProfile();
    private final LoginContextAction action = new LoginContextAction(profile);

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return action;
    }

    @Override
    public String getDisplayText() {
        return "CIAM login context and anonymous-id stitching";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(LoginContextSettings.MIN_INTERVAL).label("Minutes between recorded sign-ins")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("15")
                .helpText("0 to 1440. Sign-ins closer together (same client) do not write.").add()
                .property().name(LoginContextSettings.MAX_ANONYMOUS_IDS).label("Anonymous ids kept per person")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("10").helpText("1 to 50; oldest dropped.").add()
                .property().name(LoginContextSettings.PURPOSE).label("Consent purpose for anonymous ids")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue("analytics")
                .helpText("Ids are linked only if the person granted this purpose.").add()
                .property().name(LoginContextSettings.COOKIE).label("Anonymous-id cookie")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue("")
                .helpText("Optional first-party cookie holding the id when Keycloak shares the site's domain, "
                        + "e.g. ajs_anonymous_id.").add()
                .property().name(LoginContextSettings.FRONT_CHANNEL).label("Anonymous id from the plain request parameter")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
                .helpText("Off by default: ciam_anonymous_id is taken only when the client vouched for it (pushed "
                        + "authorization request of a confidential client, or a signed request object, with the "
                        + "ciam-vouched-anonymous-id client-policy executor). On: also from a plain sign-in link, "
                        + "which anyone can craft to stitch their device to the person who signs in.").add()
                .property().name(LoginContextSettings.SEGMENTS).label("Segment rules (JSON)")
                .type(ProviderConfigProperty.TEXT_TYPE).defaultValue("")
                .helpText("Segments computed at each sign-in into ciam_segments; see profile-enrichment/README.md.")
                .add()
                .property().name(LoginContextSettings.SEGMENTS_PURPOSE).label("Consent purpose for segments")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue("personalization")
                .helpText("Segments are computed and kept only for people who granted this purpose.").add()
                .build();
    }

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, RequiredActionConfigModel model) {
        try {
            LoginContextSettings.parse(model.getConfig());
            profile.declare(session, realm);
            // Keycloak stores the configuration after this check; the console's segments page follows it now.
            if (!SegmentPage.writing(session)) {
                SegmentPage.sync(session, realm, model.getConfig() == null ? null
                        : model.getConfig().get(LoginContextSettings.SEGMENTS), null);
            }
        } catch (IllegalArgumentException e) {
            throw new ValidationException(new ValidationError(PROVIDER_ID, "config", e.getMessage()));
        }
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        profile.forgetRemovedRealms(factory);
        factory.register(Withdrawals::onEvent);
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
