package dev.ciampack.authenticators.smscode;

import java.net.URI;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.theme.Theme;

import dev.ciampack.authenticators.otp.CodeSettings;
import dev.ciampack.authenticators.otp.CodeStep;
import dev.ciampack.authenticators.otp.FirstProof;
import dev.ciampack.authenticators.sms.PhoneNumbers;
import dev.ciampack.authenticators.sms.spi.SmsException;
import dev.ciampack.authenticators.sms.spi.SmsSender;

/**
 * Sign-in with a one-time code sent by SMS through the {@code ciam-sms-sender} SPI. The phone number is
 * a User Profile attribute ({@code phone_number} by default) kept in E.164; typed numbers are normalized
 * before lookup. Unknown numbers, numbers shared by several accounts, disabled and locked accounts see
 * the same pages and receive nothing.
 */
final class SmsCodeAuthenticator extends CodeStep {

    static final String IDENTIFY_FORM = "ciam-sms-code-identify.ftl";
    static final String CODE_FORM = "ciam-sms-code.ftl";

    @Override
    protected String providerId() {
        return SmsCodeAuthenticatorFactory.PROVIDER_ID;
    }

    @Override
    protected CodeSettings settings(AuthenticationFlowContext context) {
        return SmsCodeConfig.of(context.getAuthenticatorConfig());
    }

    @Override
    protected String destinationField() {
        return "phone";
    }

    @Override
    protected String normalize(AuthenticationFlowContext context, CodeSettings settings, String typed) {
        return PhoneNumbers.toE164(typed, ((SmsCodeConfig) settings).defaultRegion()).orElse(null);
    }

    @Override
    protected UserModel findUser(AuthenticationFlowContext context, CodeSettings settings, String phone) {
        List<UserModel> users = context.getSession().users().searchForUserByUserAttributeStream(context.getRealm(),
                ((SmsCodeConfig) settings).phoneAttribute(), phone).limit(2).toList();
        // A number on two accounts identifies neither.
        return users.size() == 1 ? users.get(0) : null;
    }

    @Override
    protected String destinationOf(CodeSettings settings, UserModel user) {
        SmsCodeConfig config = (SmsCodeConfig) settings;
        return PhoneNumbers.toE164(user.getFirstAttribute(config.phoneAttribute()), config.defaultRegion()).orElse(null);
    }

    @Override
    protected void deliver(AuthenticationFlowContext context, CodeSettings settings, String phone, UserModel user,
                           String code) throws DeliveryException {
        SmsCodeConfig config = (SmsCodeConfig) settings;
        send(context, config, phone, text(context, config, user, code));
    }

    @Override
    protected void deliverLockedNotice(AuthenticationFlowContext context, CodeSettings settings, String phone,
                                       UserModel user, long minutes) throws DeliveryException {
        String key = minutes < 0 ? "ciam-sms-code.sms.locked-permanently" : "ciam-sms-code.sms.locked";
        String fallback = minutes < 0 ? "Sign-in to {1} with this number is locked. Contact support."
                : "Sign-in to {1} with this number is paused for {0} min after failed attempts. No code was sent.";
        send(context, (SmsCodeConfig) settings, phone, message(context, user, key, fallback)
                .format(new Object[] {String.valueOf(minutes), realmName(context.getRealm())}));
    }

    private static void send(AuthenticationFlowContext context, SmsCodeConfig config, String phone, String text)
            throws DeliveryException {
        KeycloakSession session = context.getSession();
        SmsSender sender = config.sender().isEmpty() ? session.getProvider(SmsSender.class)
                : session.getProvider(SmsSender.class, config.sender());
        if (sender == null) {
            throw new DeliveryException("no ciam-sms-sender provider '" + config.sender() + "'", null);
        }
        try {
            sender.send(context.getRealm(), phone, text);
        } catch (SmsException e) {
            throw new DeliveryException(e.getMessage(), e);
        }
    }

    /**
     * The message, in the person's language, ending with the WebOTP / SMS Retriever line
     * ({@code @host #code}) so phones offer to fill the code in, and only on this site.
     */
    private static String text(AuthenticationFlowContext context, SmsCodeConfig config, UserModel user, String code) {
        String host = URI.create(context.getUriInfo().getBaseUri().toString()).getHost();
        return message(context, user, "ciam-sms-code.sms.text", "{0} is your {1} sign-in code. It expires in {2} min.")
                .format(new Object[] {code, realmName(context.getRealm()),
                    String.valueOf(Math.max(1, config.ttlSeconds() / 60))}) + "\n\n@" + host + " #" + code;
    }

    /** A message of the login theme in the person's language ({@code fallback} if the theme lacks it). */
    private static MessageFormat message(AuthenticationFlowContext context, UserModel user, String key,
                                         String fallback) {
        KeycloakSession session = context.getSession();
        Locale locale = session.getContext().resolveLocale(user);
        String pattern;
        try {
            pattern = session.theme().getTheme(Theme.Type.LOGIN).getEnhancedMessages(context.getRealm(), locale)
                    .getProperty(key);
        } catch (java.io.IOException e) {
            pattern = null;
        }
        return new MessageFormat(pattern == null ? fallback : pattern, locale);
    }

    @Override
    protected UserModel signUp(AuthenticationFlowContext context, CodeSettings settings, String phone) {
        SmsCodeConfig config = (SmsCodeConfig) settings;
        UserModel existing = findUser(context, settings, phone);
        if (existing != null) {
            return existing;
        }
        var users = context.getSession().users();
        UserModel user = users.addUser(context.getRealm(), phone);
        user.setEnabled(true);
        user.setSingleAttribute(config.phoneAttribute(), phone);
        FirstProof.phone(config.phoneAttribute()).markVerified(user);
        context.getEvent().clone().event(EventType.REGISTER).user(user)
                .detail(Details.REGISTER_METHOD, SmsCodeAuthenticatorFactory.PROVIDER_ID).success();
        return user;
    }

    @Override
    protected String display(String phone) {
        return PhoneNumbers.mask(phone);
    }

    @Override
    protected FirstProof.Destination destinationKind(CodeSettings settings) {
        return FirstProof.phone(((SmsCodeConfig) settings).phoneAttribute());
    }

    @Override
    protected String identifyTemplate() {
        return IDENTIFY_FORM;
    }

    @Override
    protected String codeTemplate() {
        return CODE_FORM;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return user.getFirstAttribute(SmsCodeConfig.DEFAULT_PHONE_ATTRIBUTE) != null;
    }
}
