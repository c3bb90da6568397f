package dev.ciampack.authenticators.sms.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.StringEntity;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import dev.ciampack.authenticators.sms.PhoneNumbers;
import dev.ciampack.authenticators.sms.spi.SmsException;
import dev.ciampack.authenticators.sms.spi.SmsSender;
import dev.ciampack.authenticators.sms.spi.SmsSenderFactory;

/**
 * {@code http}: posts each message to an HTTP gateway through Keycloak's {@link HttpClientProvider}
 * (so the operator's proxy and truststore settings apply), with a 5 s connect and 15 s response
 * timeout, redirects not followed and at most 4 KB of the answer read. Any 2xx answer counts as sent.
 * Bad options stop the server at start with a message naming them.
 */
public final class HttpSmsSenderFactory implements SmsSenderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "http";
    private static final Logger LOG = Logger.getLogger("dev.ciampack.sms");
    static final int CONNECT_TIMEOUT_MS = 5_000;
    static final int RESPONSE_TIMEOUT_MS = 15_000;
    static final int MAX_ANSWER_BYTES = 4096;

    private HttpSmsSettings settings;

    @Override
    public SmsSender create(KeycloakSession session) {
        return new SmsSender() {
            @Override
            public void send(RealmModel realm, String to, String text) throws SmsException {
                if (settings == null) {
                    throw new SmsException("the http SMS sender is not configured ("
                            + HttpSmsSettings.option(HttpSmsSettings.URL) + ")");
                }
                post(session, settings.request(realm.getName(), to, text), to);
            }

            @Override
            public void close() {
            }
        };
    }

    private static void post(KeycloakSession session, HttpSmsSettings.Request request, String to) throws SmsException {
        HttpPost post = new HttpPost(request.uri());
        post.setConfig(RequestConfig.custom().setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setConnectionRequestTimeout(CONNECT_TIMEOUT_MS).setSocketTimeout(RESPONSE_TIMEOUT_MS)
                .setRedirectsEnabled(false).build());
        request.headers().forEach(post::setHeader);
        post.setEntity(new StringEntity(request.body(), StandardCharsets.UTF_8));
        try (CloseableHttpResponse response = session.getProvider(HttpClientProvider.class).getHttpClient()
                .execute(post)) {
            int status = response.getStatusLine().getStatusCode();
            if (response.getEntity() != null) {
                try (InputStream answer = response.getEntity().getContent()) {
                    answer.readNBytes(MAX_ANSWER_BYTES);
                }
            }
            if (status < 200 || status > 299) {
                throw new SmsException("gateway " + request.uri().getHost() + " answered " + status + " for "
                        + PhoneNumbers.mask(to));
            }
            LOG.debugf("SMS to %s accepted by %s (%d)", PhoneNumbers.mask(to), request.uri().getHost(), status);
        } catch (IOException e) {
            throw new SmsException("gateway " + request.uri().getHost() + " unreachable: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public void init(Config.Scope config) {
        try {
            settings = HttpSmsSettings.read(config::get);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ciam-sms-sender http: " + e.getMessage(), e);
        }
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(HttpSmsSettings.PRESET).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("none (default) or twilio").defaultValue(HttpSmsSettings.NONE).add()
                .property().name(HttpSmsSettings.URL).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Gateway URL (https). With preset twilio: replaces https://api.twilio.com").add()
                .property().name(HttpSmsSettings.AUTH_HEADER).type(ProviderConfigProperty.PASSWORD)
                .helpText("Value of the Authorization header, e.g. 'Bearer ...'").add()
                .property().name(HttpSmsSettings.CONTENT_TYPE).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Content type of the body").defaultValue(HttpSmsSettings.DEFAULT_CONTENT_TYPE).add()
                .property().name(HttpSmsSettings.BODY_TEMPLATE).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Body with ${to}, ${text}, ${from}, ${realm}").defaultValue(HttpSmsSettings.DEFAULT_BODY_TEMPLATE).add()
                .property().name(HttpSmsSettings.FROM).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Sender number or id (${from}; Twilio From or MessagingServiceSid)").add()
                .property().name(HttpSmsSettings.ACCOUNT_SID).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Twilio account SID").add()
                .property().name(HttpSmsSettings.AUTH_TOKEN).type(ProviderConfigProperty.PASSWORD)
                .helpText("Twilio auth token").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("settings", settings == null ? "not configured" : settings.toString());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
