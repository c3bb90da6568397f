package dev.ciampack.testsuite.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeycloakDistributionTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("the build stamp changes with the jars' bytes and the build options, and only then")
    void stampTracksJarsAndOptions() throws Exception {
        Path jar = Files.write(dir.resolve("ciam-pack.jar"), new byte[] {1, 2, 3});
        List<String> options = List.of("--db=dev-file", "--health-enabled=true");

        String first = KeycloakDistribution.stamp(options, List.of(jar));
        String same = KeycloakDistribution.stamp(List.copyOf(options), List.of(jar));
        String otherOptions = KeycloakDistribution.stamp(List.of("--db=postgres", "--health-enabled=true"), List.of(jar));
        Files.write(jar, new byte[] {1, 2, 4});
        String otherBytes = KeycloakDistribution.stamp(options, List.of(jar));

        assertThat(same).isEqualTo(first);
        assertThat(otherOptions).isNotEqualTo(first);
        assertThat(otherBytes).isNotEqualTo(first);
    }

    @Test
    @DisplayName("start arguments pin loopback, both ports and local caches unless clustered")
    void startArguments() {
        ServerConfig single = ServerConfig.builder("s").httpPort(18080).managementPort(19000)
                .logFile(dir.resolve("s.log")).h2(dir.resolve("h2")).build();
        ServerConfig node = ServerConfig.builder("n").httpPort(18081).managementPort(19001)
                .logFile(dir.resolve("n.log")).postgres("jdbc:postgresql://127.0.0.1:5432/postgres", "u", "p")
                .clustered(17800).build();

        assertThat(single.startArguments()).contains("start", "--optimized", "--http-host=127.0.0.1",
                "--http-port=18080", "--http-management-port=19000", "--cache=local");
        assertThat(single.startArguments()).anyMatch(a -> a.startsWith("--db-url=jdbc:h2:file:"));
        assertThat(node.startArguments()).contains("--cache=ispn", "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=17800", "--db-username=u").doesNotContain("--cache=local");
    }
}
