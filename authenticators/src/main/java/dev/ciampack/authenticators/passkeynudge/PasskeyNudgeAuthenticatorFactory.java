package dev.ciampack.authenticators.passkeynudge;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import dev.ciampack.authenticators.otp.BoundedSetting;

/** "CIAM passkey nudge": offers passkey registration after a few passwordless sign-ins. */
public final class PasskeyNudgeAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "ciam-passkey-nudge";
    private static final PasskeyNudgeAuthenticator INSTANCE = new PasskeyNudgeAuthenticator();

    @Override
    public Authenticator create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getDisplayType() {
        return "CIAM passkey nudge";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public String getHelpText() {
        return "Place after the passwordless steps (Required). After N passwordless sign-ins it offers Keycloak's "
                + "passkey registration; 'not now' snoozes the offer.";
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
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();
        for (BoundedSetting setting : PasskeyNudgeConfig.SETTINGS) {
            builder.property().name(setting.key()).label(setting.label()).type(ProviderConfigProperty.INTEGER_TYPE)
                    .defaultValue(String.valueOf(setting.defaultValue()))
                    .helpText(setting.label() + ": " + setting.min() + " to " + setting.max() + " (default "
                            + setting.defaultValue() + ").")
                    .add();
        }
        return builder.build();
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
