package dev.ciampack.authenticators.smscode;

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

/** "CIAM SMS code": a one-time code by SMS, as a first or a later step of a flow. */
public final class SmsCodeAuthenticatorFactory implements AuthenticatorFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "ciam-sms-code";
    private static final SmsCodeAuthenticator INSTANCE = new SmsCodeAuthenticator();
    private static final List<ProviderConfigProperty> PROPERTIES = properties();

    @Override
    public Authenticator create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getDisplayType() {
        return "CIAM SMS code";
    }

    @Override
    public String getReferenceCategory() {
        return "otp";
    }

    @Override
    public String getHelpText() {
        return "Signs in with a one-time code sent by SMS through the ciam-sms-sender SPI. As a first step it asks "
                + "for the phone number; unknown numbers see the same pages but receive nothing.";
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
        BoundedSetting.describe(builder, SmsCodeConfig.SETTINGS);
        SmsCodeConfig.SIGN_UP.describe(builder, "Off by default. When on, a number without an account also receives "
                + "a code, and a person who enters it gets a new account with that (verified) number.");
        CodeSettings.BRUTE_FORCE_LOCKOUT.describe(builder, CodeSettings.BRUTE_FORCE_LOCKOUT_HELP);
        builder.property()
                .name(SmsCodeConfig.DEFAULT_REGION)
                .label("Default region")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue("")
                .helpText("ISO 3166 region (e.g. BR, US) for numbers typed without '+'. Empty: '+' and the country "
                        + "code are required.")
                .add();
        builder.property()
                .name(SmsCodeConfig.PHONE_ATTRIBUTE)
                .label("Phone number attribute")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(SmsCodeConfig.DEFAULT_PHONE_ATTRIBUTE)
                .helpText("User Profile attribute holding the number in E.164 (e.g. +5511987654321).")
                .add();
        builder.property()
                .name(SmsCodeConfig.SENDER)
                .label("SMS sender")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue("")
                .helpText("Provider of the ciam-sms-sender SPI (log, http, or your own). Empty: the server's "
                        + "default (--spi-ciam-sms-sender--provider, else log).")
                .add();
        CodeSettings.KEEP_EARLIER_ACCESS.describe(builder, "Off by default: when this step is the first factor and proves an address or number the account had not verified, it becomes verified and everything that let someone in before (password, OTP, passkeys, identity provider links, sessions) is removed, so whoever registered it first keeps no access (account pre-hijacking). On: they are kept.");
        return builder.build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("defaults", SmsCodeConfig.DEFAULTS.toString());
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
