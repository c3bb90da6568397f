package dev.ciampack.events.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * DNS rebinding: a sink's name is checked against private ranges once, and a hostile DNS server may answer
 * differently when the HTTP client resolves it again. The request goes to the checked address instead: here the
 * client's resolver plays the hostile DNS (it answers with another address, and counts its calls).
 */
class RebindingTest {

    @Test
    @DisplayName("the request reaches the checked address under the sink's name; the HTTP client never resolves it again")
    void requestGoesToTheCheckedAddress() throws Exception {
        HttpServer checked = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        List<String> hosts = new CopyOnWriteArrayList<>();
        checked.createContext("/", exchange -> {
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        checked.start();
        AtomicInteger lookups = new AtomicInteger();
        try (CloseableHttpClient client = HttpClients.custom().setDnsResolver(name -> {
            lookups.incrementAndGet();
            return new InetAddress[] {InetAddress.getByName("192.0.2.1")};
        }).build()) {
            URI sink = URI.create("http://hooks.rebind.example:" + checked.getAddress().getPort() + "/hook");

            try (CloseableHttpResponse response = client.execute(
                    SinkDelivery.target(InetAddress.getLoopbackAddress(), sink), new HttpPost(sink.getRawPath()))) {
                assertThat(response.getStatusLine().getStatusCode()).isEqualTo(204);
            }

            assertThat(hosts).containsExactly("hooks.rebind.example:" + checked.getAddress().getPort());
            assertThat(lookups).as("lookups by the HTTP client (the hostile second answer)").hasValue(0);
        } finally {
            checked.stop(0);
        }
    }
}
