package dev.ciampack.testsuite.browser;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * The application side of a sign-in: a loopback HTTP server at {@code http://localhost:PORT/callback}
 * that answers the OAuth redirect with a small page and remembers the URIs it was called with, so a
 * real browser has somewhere to land.
 */
public final class CallbackServer implements AutoCloseable {

    private final HttpServer server;
    private final List<URI> received = new CopyOnWriteArrayList<>();

    private CallbackServer(HttpServer server) {
        this.server = server;
    }

    public static CallbackServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            CallbackServer callback = new CallbackServer(server);
            server.createContext("/", exchange -> {
                callback.received.add(exchange.getRequestURI());
                byte[] body = "<!doctype html><html><head><title>Signed in</title></head><body><h1 id=\"ciam-callback\">Signed in</h1></body></html>"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return callback;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the callback server", e);
        }
    }

    /** The redirect URI to register on test clients. */
    public String redirectUri() {
        return "http://localhost:" + server.getAddress().getPort() + "/callback";
    }

    /** Request URIs (path and query) received so far, oldest first. */
    public List<URI> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
