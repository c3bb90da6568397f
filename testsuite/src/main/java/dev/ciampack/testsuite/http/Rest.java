package dev.ciampack.testsuite.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A small JSON REST client for the pack's endpoints: every call carries {@code Authorization: Bearer}
 * from the token supplier (or none when it returns null) and answers a {@link Response} whatever the
 * status, so tests assert on 401/403/400 as easily as on 200.
 */
public final class Rest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Supplier<String> token;

    public Rest(Supplier<String> token) {
        this.token = token;
    }

    /** Without credentials. */
    public static Rest anonymous() {
        return new Rest(() -> null);
    }

    public static Rest bearer(String accessToken) {
        return new Rest(() -> accessToken);
    }

    public Response get(String url) {
        return send(builder(url).GET());
    }

    public Response put(String url, Object body) {
        return send(builder(url).header("Content-Type", "application/json").PUT(publisher(body)));
    }

    public Response post(String url, Object body) {
        return send(builder(url).header("Content-Type", "application/json").POST(publisher(body)));
    }

    public Response delete(String url) {
        return send(builder(url).DELETE());
    }

    private HttpRequest.Builder builder(String url) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .header("User-Agent", "ciam-pack-testsuite/1.0 (Rest)");
        String bearer = token.get();
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return builder;
    }

    private static HttpRequest.BodyPublisher publisher(Object body) {
        try {
            String text = body instanceof String s ? s : JSON.writeValueAsString(body);
            return HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write body as JSON", e);
        }
    }

    private Response send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(request.method() + " " + request.uri(), response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Status and body of a call. */
    public record Response(String request, int status, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(request + " answered " + status + " with a body that is not JSON: " + body, e);
            }
        }

        /** Fails with the request and body unless the status is as expected. */
        public Response expect(int expected) {
            if (status != expected) {
                throw new AssertionError(request + " answered " + status + " (expected " + expected + "): " + body);
            }
            return this;
        }
    }
}
