package dev.ciampack.testsuite.http;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * An HTTP client that walks pages like a browser: keeps cookies (see {@link LoopbackCookieHandler}),
 * follows redirects itself, submits forms, and stops at redirects whose target starts with one of
 * the registered prefixes (an OAuth client's redirect URI), returning that redirect unfollowed.
 */
public final class BrowserClient {

    private static final int MAX_REDIRECTS = 20;

    private final LoopbackCookieHandler cookies = new LoopbackCookieHandler();
    private final HttpClient http;
    private final List<String> stopPrefixes = new ArrayList<>();
    private String acceptLanguage = "en";
    private String forwardedFor;
    private final Map<String, String> extraHeaders = new java.util.concurrent.ConcurrentHashMap<>();

    public BrowserClient() {
        this.http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Redirects to URIs starting with {@code prefix} are returned instead of followed. */
    public BrowserClient stopAt(String prefix) {
        stopPrefixes.add(prefix);
        return this;
    }

    /** The {@code Accept-Language} header sent with every request (default {@code en}). */
    public BrowserClient acceptLanguage(String languageTag) {
        this.acceptLanguage = languageTag;
        return this;
    }

    /**
     * Speaks for another network: every request carries {@code X-Forwarded-For: address}, which the shared test
     * server trusts from loopback (as behind a reverse proxy), so Keycloak sees that client address.
     */
    public BrowserClient forwardedFor(String address) {
        this.forwardedFor = address;
        return this;
    }

    /**
     * Adds {@code name: value} to every further request (null removes it), e.g. a forged
     * {@code X-Forwarded-Host}, which the shared test server trusts from loopback as it would from its proxy.
     */
    public BrowserClient header(String name, String value) {
        if (value == null) {
            extraHeaders.remove(name);
        } else {
            extraHeaders.put(name, value);
        }
        return this;
    }

    public LoopbackCookieHandler cookies() {
        return cookies;
    }

    public Page get(String uri) {
        return get(URI.create(uri));
    }

    public Page get(URI uri) {
        return follow(request(uri).GET().build());
    }

    public Page post(URI uri, Map<String, String> form) {
        return follow(request(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build());
    }

    /** One request without following redirects, e.g. for a JSON endpoint. */
    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8")
                .header("Accept-Language", acceptLanguage)
                .header("User-Agent", "ciam-pack-testsuite/1.0 (BrowserClient)");
        extraHeaders.forEach(builder::header);
        return forwardedFor == null ? builder : builder.header("X-Forwarded-For", forwardedFor);
    }

    private Page follow(HttpRequest first) {
        HttpRequest request = first;
        for (int i = 0; i <= MAX_REDIRECTS; i++) {
            HttpResponse<String> response = send(request);
            int status = response.statusCode();
            if (status < 300 || status >= 400 || response.headers().firstValue("Location").isEmpty()) {
                return new Page(this, response.uri(), status, response.headers(), response.body());
            }
            URI target = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
            if (stopPrefixes.stream().anyMatch(p -> target.toString().startsWith(p))) {
                return new Page(this, response.uri(), status, response.headers(), response.body());
            }
            request = request(target).GET().build();
        }
        throw new IllegalStateException("more than " + MAX_REDIRECTS + " redirects from " + first.uri());
    }

    static String encode(Map<String, String> form) {
        StringJoiner joiner = new StringJoiner("&");
        form.forEach((k, v) -> joiner.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8)));
        return joiner.toString();
    }

    public static URI withQuery(URI base, Map<String, String> params) {
        if (params.isEmpty()) {
            return base;
        }
        String query = encode(params);
        String s = base.toString();
        return URI.create(s + (s.contains("?") ? "&" : "?") + query);
    }
}
