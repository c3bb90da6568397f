package dev.ciampack.authenticators.sms.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * Server options of the {@code http} SMS sender and the request they describe. Pure logic: building
 * the request for a message is unit-tested; sending it is {@link HttpSmsSenderFactory}'s job.
 *
 * <p>Generic gateways: {@code url}, optional {@code auth-header} (the whole Authorization value, e.g.
 * {@code Bearer abc}), {@code content-type} and {@code body-template} with the placeholders
 * {@code {to}}, {@code {text}}, {@code {from}} and {@code {realm}} (escaped for JSON when the
 * content type is JSON, URL-encoded for forms), replaced in one pass so a value never gets expanded
 * again. Not {@code ${to}}: Keycloak's configuration expands {@code ${...}} in option values itself;
 * {@code ${name}} reaching the sender anyway (e.g. written with an escaped dollar) is read the same. Twilio: {@code preset=twilio} with {@code account-sid},
 * {@code auth-token} and {@code from}; {@code url} then only replaces {@code https://api.twilio.com}.
 */
public record HttpSmsSettings(String preset, URI url, String authHeader, String contentType, String bodyTemplate,
                              String from, String accountSid, String authToken) {

    public static final String PRESET = "preset";
    public static final String URL = "url";
    public static final String AUTH_HEADER = "auth-header";
    public static final String CONTENT_TYPE = "content-type";
    public static final String BODY_TEMPLATE = "body-template";
    public static final String FROM = "from";
    public static final String ACCOUNT_SID = "account-sid";
    public static final String AUTH_TOKEN = "auth-token";

    public static final String NONE = "none";
    public static final String TWILIO = "twilio";
    public static final String DEFAULT_CONTENT_TYPE = "application/json";
    public static final String DEFAULT_BODY_TEMPLATE = "{\"to\":\"{to}\",\"text\":\"{text}\"}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$?\\{(to|text|from|realm)}");
    public static final String TWILIO_BASE = "https://api.twilio.com";

    /** The request for one message. */
    public record Request(URI uri, Map<String, String> headers, String body) {
        @Override
        public String toString() {
            // Never print the Authorization header or the body (it holds the code).
            return "POST " + uri;
        }
    }

    /**
     * Reads and checks the options.
     *
     * @param option reads {@code --spi-ciam-sms-sender--http--<name>}; null when unset
     * @return null when nothing is configured (the sender then refuses to send)
     * @throws IllegalArgumentException naming every bad option
     */
    public static HttpSmsSettings read(Function<String, String> option) {
        String preset = trimmed(option.apply(PRESET));
        String url = trimmed(option.apply(URL));
        String sid = trimmed(option.apply(ACCOUNT_SID));
        if (preset == null && url == null && sid == null) {
            return null;
        }
        preset = preset == null ? NONE : preset.toLowerCase(Locale.ROOT);
        List<String> errors = new ArrayList<>();
        if (!preset.equals(NONE) && !preset.equals(TWILIO)) {
            errors.add(option(PRESET) + " must be 'none' or 'twilio', not '" + preset + "'");
        }
        URI uri = null;
        if (url == null && !preset.equals(TWILIO)) {
            errors.add(option(URL) + " is required");
        } else if (url != null) {
            try {
                uri = URI.create(url);
                if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                        || uri.getHost() == null || uri.getUserInfo() != null) {
                    errors.add(option(URL) + " must be an absolute http(s) URL without credentials");
                }
            } catch (IllegalArgumentException e) {
                errors.add(option(URL) + " is not a URL");
            }
        }
        String from = trimmed(option.apply(FROM));
        String token = trimmed(option.apply(AUTH_TOKEN));
        if (preset.equals(TWILIO)) {
            if (sid == null || !sid.matches("AC[0-9a-fA-F]{32}")) {
                errors.add(option(ACCOUNT_SID) + " must be a Twilio account SID (AC followed by 32 hex digits)");
            }
            if (token == null) {
                errors.add(option(AUTH_TOKEN) + " is required with preset twilio");
            }
            if (from == null) {
                errors.add(option(FROM) + " (a Twilio number in E.164 or a messaging service SID MG...) is required "
                        + "with preset twilio");
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        String contentType = trimmed(option.apply(CONTENT_TYPE));
        String template = option.apply(BODY_TEMPLATE);
        return new HttpSmsSettings(preset, uri, trimmed(option.apply(AUTH_HEADER)),
                contentType == null ? DEFAULT_CONTENT_TYPE : contentType,
                template == null || template.isBlank() ? DEFAULT_BODY_TEMPLATE : template, from, sid, token);
    }

    /** The HTTP request that sends {@code text} to {@code to}. */
    public Request request(String realm, String to, String text) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (TWILIO.equals(preset)) {
            String base = url == null ? TWILIO_BASE : url.toString().replaceAll("/+$", "");
            URI target = URI.create(base + "/2010-04-01/Accounts/" + accountSid + "/Messages.json");
            headers.put("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8)));
            headers.put("Content-Type", "application/x-www-form-urlencoded");
            String sender = from.startsWith("MG") ? "MessagingServiceSid=" + form(from) : "From=" + form(from);
            return new Request(target, headers, "To=" + form(to) + "&" + sender + "&Body=" + form(text));
        }
        if (authHeader != null) {
            headers.put("Authorization", authHeader);
        }
        headers.put("Content-Type", contentType);
        Function<String, String> escape = contentType.toLowerCase(Locale.ROOT).contains("json") ? HttpSmsSettings::json
                : contentType.toLowerCase(Locale.ROOT).contains("x-www-form-urlencoded") ? HttpSmsSettings::form
                : Function.identity();
        Map<String, String> values = Map.of("to", to, "text", text, "from", from == null ? "" : from, "realm", realm);
        String body = PLACEHOLDER.matcher(bodyTemplate)
                .replaceAll(m -> Matcher.quoteReplacement(escape.apply(values.get(m.group(1)))));
        return new Request(url, headers, body);
    }

    static String option(String name) {
        return "--spi-ciam-sms-sender--http--" + name;
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** JSON string content (without the quotes), by Jackson's encoder. */
    static String json(String value) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(value));
    }

    @Override
    public String toString() {
        return "HttpSmsSettings[preset=" + preset + ", url=" + url + ", auth-header=" + (authHeader == null ? "unset" : "set")
                + ", content-type=" + contentType + ", from=" + from + "]";
    }
}
