package dev.ciampack.authenticators.magiclink;

import java.util.Arrays;
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
import dev.ciampack.authenticators.otp.FirstProof;
import dev.ciampack.authenticators.otp.Requirements;

/** "CIAM magic link": a single-use sign-in link by email, as a first or a later step of a flow. */
public final class MagicLinkAuthenticatorFactory implements AuthenticatorFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "ciam-magic-link";
    private static final MagicLinkAuthenticator INSTANCE = new MagicLinkAuthenticator();
    private static final List<ProviderConfigProperty> PROPERTIES = properties();

    @Override
    public Authenticator create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getDisplayType() {
        return "CIAM magic link";
    }

    @Override
    public String getReferenceCategory() {
        return "magic-link";
    }

    @Override
    public String getHelpText() {
        return "Signs in with a single-use link sent by email. Opening the link shows a confirmation page; only "
                + "confirming signs in, so mail scanners that fetch links sign nobody in.";
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
        BoundedSetting.describe(builder, MagicLinkConfig.SETTINGS);
        builder.property()
                .name(MagicLinkConfig.CROSS_DEVICE)
                .label("Link opened on another device")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options(Arrays.stream(MagicLinkConfig.CrossDevice.values())
                        .map(MagicLinkConfig.CrossDevice::value).toList())
                .defaultValue(MagicLinkConfig.DEFAULT_CROSS_DEVICE.value())
                .helpText("deny (default): a link opened in another browser is refused like an invalid one. "
                        + "continue-original: the other device shows where the request came from and, once "
                        + "confirmed there, the browser that asked for the link signs in.")
                .add();
        CodeSettings.BRUTE_FORCE_LOCKOUT.describe(builder, CodeSettings.BRUTE_FORCE_LOCKOUT_HELP);
        FirstProof.KEEP_EARLIER_ACCESS.describe(builder, "Off by default: when this step is the first factor and proves an address or number the account had not verified, it becomes verified and everything that let someone in before (password, OTP, passkeys, identity provider links, sessions) is removed, so whoever registered it first keeps no access (account pre-hijacking). On: they are kept.");
        return builder.build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("defaults", MagicLinkConfig.DEFAULTS.toString());
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
