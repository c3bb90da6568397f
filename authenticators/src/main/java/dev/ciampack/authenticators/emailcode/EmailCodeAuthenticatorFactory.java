package dev.ciampack.authenticators.emailcode;

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

import dev.ciampack.authenticators.otp.BoundedSetting;
import dev.ciampack.authenticators.otp.CodeSettings;
import dev.ciampack.authenticators.otp.Requirements;

/** "CIAM email code": a one-time code by email, as a first or a later step of a flow. */
public final class EmailCodeAuthenticatorFactory implements AuthenticatorFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "ciam-email-code";
    private static final EmailCodeAuthenticator INSTANCE = new EmailCodeAuthenticator();
    private static final List<ProviderConfigProperty> PROPERTIES = properties();

    @Override
    public Authenticator create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getDisplayType() {
        return "CIAM email code";
    }

    @Override
    public String getReferenceCategory() {
        return "otp";
    }

    @Override
    public String getHelpText() {
        return "Signs in with a one-time code sent by email. As a first step it asks for the email address; "
                + "unknown addresses see the same pages but receive nothing.";
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
        return PROPERTIES;
    }

    private static List<ProviderConfigProperty> properties() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();
        BoundedSetting.describe(builder, EmailCodeConfig.SETTINGS);
        EmailCodeConfig.SIGN_UP.describe(builder, "Off by default. When on, an address without an account also "
                + "receives a code, and a person who enters it gets a new account with that (verified) address; the "
                + "realm's User Profile rules and required actions then apply.");
        EmailCodeConfig.INCLUDE_LINK.describe(builder, "Off by default. When on, the email also holds a magic link "
                + "(single use, confirmation page, same browser only) that completes this sign-in instead of typing "
                + "the code.");
        CodeSettings.BRUTE_FORCE_LOCKOUT.describe(builder, CodeSettings.BRUTE_FORCE_LOCKOUT_HELP);
        CodeSettings.KEEP_EARLIER_ACCESS.describe(builder, "Off by default: when this step is the first factor and proves an address or number the account had not verified, it becomes verified and everything that let someone in before (password, OTP, passkeys, identity provider links, sessions) is removed, so whoever registered it first keeps no access (account pre-hijacking). On: they are kept.");
        return builder.build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("defaults", EmailCodeConfig.DEFAULTS.toString());
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
