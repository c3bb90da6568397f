package dev.ciampack.authenticators.identifierfirst;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * "CIAM condition - route": true when the identifier-first step chose the configured route. Put one
 * at the top of each CONDITIONAL sub-flow after {@code ciam-identifier-first}.
 */
public final class RouteConditionFactory implements ConditionalAuthenticatorFactory {

    public static final String PROVIDER_ID = "ciam-condition-route";
    public static final String ROUTE = "route";

    private static final ConditionalAuthenticator SINGLETON = new ConditionalAuthenticator() {
        @Override
        public boolean matchCondition(AuthenticationFlowContext context) {
            AuthenticatorConfigModel config = context.getAuthenticatorConfig();
            String wanted = config == null ? null : config.getConfig().get(ROUTE);
            Identified identified = Identified.read(context.getAuthenticationSession());
            return wanted != null && identified != null && wanted.equals(identified.route());
        }

        @Override
        public void action(AuthenticationFlowContext context) {
        }

        @Override
        public boolean requiresUser() {
            return false;
        }

        @Override
        public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        }

        @Override
        public void close() {
        }
    };

    @Override
    public ConditionalAuthenticator getSingleton() {
        return SINGLETON;
    }

    @Override
    public String getDisplayType() {
        return "CIAM condition - route";
    }

    @Override
    public String getHelpText() {
        return "True when CIAM identifier first chose this route (passkey, email-code, magic-link, sms-code).";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[] {
            AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED
        };
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(ROUTE).label("Route").type(ProviderConfigProperty.LIST_TYPE)
                .options(IdentifierFirstConfig.ROUTES).defaultValue(IdentifierFirstConfig.EMAIL_CODE)
                .helpText("The route this sub-flow serves.").add()
                .build();
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
