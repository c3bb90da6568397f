package dev.ciampack.testsuite.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DemoServerTest {

    private static final Path LOG = Path.of("demo.log");

    @Test
    @DisplayName("a killed Keycloak (exit 137) stops the shop and mail server and fails the demo run")
    void killedKeycloakEndsTheDemo() {
        AtomicInteger closed = new AtomicInteger();

        assertThatThrownBy(() -> DemoServer.afterKeycloak(137, LOG, closed::incrementAndGet, closed::incrementAndGet))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("code 137").hasMessageContaining("demo.log");
        assertThat(closed).hasValue(2);
    }

    @Test
    @DisplayName("Ctrl-C or SIGTERM (exit 130, 143) stops the rest and ends the demo without an error")
    void stoppedKeycloakEndsTheDemoQuietly() throws Exception {
        AtomicInteger closed = new AtomicInteger();

        DemoServer.afterKeycloak(130, LOG, closed::incrementAndGet);
        DemoServer.afterKeycloak(143, LOG, closed::incrementAndGet);
        DemoServer.afterKeycloak(0, LOG, closed::incrementAndGet);

        assertThat(closed).hasValue(3);
    }
}
