package dev.ciampack.testsuite.http;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A cookie jar that behaves like a browser on {@code http://localhost}: browsers treat loopback as a
 * secure context and send {@code Secure} cookies there, {@link CookieManager} does not, and Keycloak
 * 26 marks its session cookies {@code Secure; SameSite=None} even over plain HTTP. For loopback hosts
 * the {@code Secure} attribute is dropped before the cookie is stored; other hosts are untouched.
 */
public final class LoopbackCookieHandler extends CookieHandler {

    private static final Pattern SECURE = Pattern.compile(";\\s*Secure\\s*(?=;|$)", Pattern.CASE_INSENSITIVE);

    private final CookieManager delegate = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) throws IOException {
        return delegate.get(uri, requestHeaders);
    }

    @Override
    public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
        if (!isLoopback(uri)) {
            delegate.put(uri, responseHeaders);
            return;
        }
        Map<String, List<String>> rewritten = new LinkedHashMap<>();
        responseHeaders.forEach((name, values) -> {
            if (name != null && (name.equalsIgnoreCase("Set-Cookie") || name.equalsIgnoreCase("Set-Cookie2"))) {
                List<String> plain = new ArrayList<>();
                values.forEach(v -> plain.add(SECURE.matcher(v).replaceAll("")));
                rewritten.put(name, plain);
            } else {
                rewritten.put(name, values);
            }
        });
        delegate.put(uri, rewritten);
    }

    /** The cookies currently held, for assertions. */
    public List<HttpCookie> cookies() {
        return delegate.getCookieStore().getCookies();
    }

    static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
                || host.equals("::1"));
    }
}
