package dev.ciampack.testsuite.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import dev.ciampack.testsuite.junit.Await;

/**
 * A loopback webhook endpoint: records requests per path and answers with scripted statuses (default 204).
 * Every CloudEvents body it receives is checked against its type's published schema ({@link EventSchemas}):
 * {@link #close()} fails the test class with the events that were not valid, so every event the suite
 * produces is validated, whatever its test asserts.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** A request as received, with the status it was answered. */
    public record Request(String path, Map<String, String> headers, String body, long receivedAtMillis, int answered) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, ConcurrentLinkedDeque<Integer>> scripted = new ConcurrentHashMap<>();
    private final Map<String, String> retryAfters = new ConcurrentHashMap<>();

    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.ExecutorService threads;
    private volatile long delayMillis;

    /** On a free loopback port, answering one request at a time. */
    public WebhookReceiver() {
        this(1);
    }

    /** On a free loopback port, answering up to {@code concurrency} requests at once. */
    public WebhookReceiver(int concurrency) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads = concurrency > 1 ? java.util.concurrent.Executors.newFixedThreadPool(concurrency) : null;
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                answer(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
        });
        server.start();
    }

    /** Each answer waits this long first (a slow receiver). */
    void delay(Duration delay) {
        delayMillis = delay.toMillis();
    }

    /** The most requests this receiver was answering at the same time. */
    int maxInFlight() {
        return maxInFlight.get();
    }

    private void answer(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String path = exchange.getRequestURI().getPath();
        Map<String, String> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
        String text = new String(body, StandardCharsets.UTF_8);
        Integer status = scripted.getOrDefault(path, new ConcurrentLinkedDeque<>()).poll();
        int code = status == null ? 204 : status;
        requests.add(new Request(path, headers, text, System.currentTimeMillis(),
                code));
        String retryAfter = retryAfters.get(path);
        if (retryAfter != null && code == 429) {
            exchange.getResponseHeaders().add("Retry-After", retryAfter);
        }
        if (code >= 300 && code < 400) {
            exchange.getResponseHeaders().add("Location", url("/redirected" + path));
        }
        exchange.sendResponseHeaders(code, -1);
        try (OutputStream out = exchange.getResponseBody()) {
            out.flush();
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next answers for a path, in order; afterwards 204. */
    public void answer(String path, Integer... statuses) {
        scripted.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).addAll(List.of(statuses));
    }

    /** Drops the scripted answers left for a path (it answers 204 again). */
    public void clear(String path) {
        scripted.remove(path);
    }

    /** The Retry-After header value sent with this path's 429 answers. */
    public void retryAfter(String path, String value) {
        retryAfters.put(path, value);
    }

    public List<Request> to(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Waits until a path has received at least {@code count} requests; returns what it received by then. */
    public List<Request> await(String path, int count, Duration timeout) {
        return Await.until(() -> to(path), received -> received.size() >= count, timeout);
    }

    /**
     * The received events that were not valid against their schema (with the reason). Checked here, not while
     * answering, so validation never slows a delivery down (the first check loads the schemas).
     */
    public List<String> invalidEvents() {
        List<String> invalid = new java.util.ArrayList<>();
        for (Request request : requests) {
            if (EventSchemas.isCloudEvent(request.body())) {
                EventSchemas.problems(request.body()).forEach(problem -> invalid.add(problem + " in " + request.body()));
            }
        }
        return invalid;
    }

    /** Stops the server; then fails if any event it received was not valid against its schema. */
    @Override
    public void close() {
        server.stop(0);
        if (threads != null) {
            threads.shutdownNow();
        }
        List<String> invalid = invalidEvents();
        if (!invalid.isEmpty()) {
            throw new AssertionError(invalid.size() + " received event(s) not valid against their schema:\n"
                    + String.join("\n", invalid));
        }
    }
}
