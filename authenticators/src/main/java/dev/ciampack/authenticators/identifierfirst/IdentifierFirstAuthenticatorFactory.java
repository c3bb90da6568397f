package dev.ciampack.authenticators.identifierfirst;

import java.util.List;
import java.util.Map;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import dev.ciampack.authenticators.otp.Requirements;

/** "CIAM identifier first": one field for email, phone or username, then the realm's route for it. */
public final class IdentifierFirstAuthenticatorFactory implements AuthenticatorFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "ciam-identifier-first";
    private static final IdentifierFirstAuthenticator INSTANCE = new IdentifierFirstAuthenticator();

    @Override
    public Authenticator create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getDisplayType() {
        return "CIAM identifier first";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public String getHelpText() {
        return "Asks only for an email address, phone number or username (or offers a passkey) and picks the route "
                + "configured for its kind; follow it with conditional sub-flows using 'CIAM condition - route'.";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return Requirements.signInMethod();
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(IdentifierFirstConfig.EMAIL_ROUTE).label("Route for email addresses")
                .type(ProviderConfigProperty.LIST_TYPE).options(IdentifierFirstConfig.EMAIL_ROUTES)
                .defaultValue(IdentifierFirstConfig.EMAIL_ROUTES.get(0))
                .helpText("email-code, magic-link or password").add()
                .property().name(IdentifierFirstConfig.PHONE_ROUTE).label("Route for phone numbers")
                .type(ProviderConfigProperty.LIST_TYPE).options(IdentifierFirstConfig.PHONE_ROUTES)
                .defaultValue(IdentifierFirstConfig.PHONE_ROUTES.get(0))
                .helpText("sms-code, password, or none (phone numbers not accepted)").add()
                .property().name(IdentifierFirstConfig.USERNAME_ROUTE).label("Route for usernames")
                .type(ProviderConfigProperty.LIST_TYPE).options(IdentifierFirstConfig.USERNAME_ROUTES)
                .defaultValue(IdentifierFirstConfig.USERNAME_ROUTES.get(0))
                .helpText("password, or none (usernames not accepted)").add()
                .property().name(IdentifierFirstConfig.PASSKEYS).label("Offer passkeys")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true")
                .helpText("Shows 'Sign in with a passkey', which takes the passkey route.").add()
                .property().name(IdentifierFirstConfig.DEFAULT_REGION).label("Default region")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue("")
                .helpText("ISO 3166 region for phone numbers typed without '+'.").add()
                .property().name(IdentifierFirstConfig.PHONE_ATTRIBUTE).label("Phone number attribute")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue("phone_number")
                .helpText("User Profile attribute holding numbers in E.164.").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("defaults", IdentifierFirstConfig.DEFAULTS.toString());
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

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
