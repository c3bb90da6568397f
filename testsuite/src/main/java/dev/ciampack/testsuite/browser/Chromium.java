package dev.ciampack.testsuite.browser;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import dev.ciampack.testsuite.server.HarnessSettings;
import dev.ciampack.testsuite.server.Ports;

/**
 * Headless Chromium from the system's packages ({@code apt-get install chromium chromium-driver}),
 * driven by Selenium with an explicit driver path, so nothing is ever downloaded.
 *
 * <p>Without a browser the calling test is skipped with a message, except when {@code CI=true}:
 * there a missing browser fails the test. {@code -Dciam.chromium.binary} and
 * {@code -Dciam.chromedriver} override the default paths.
 */
public final class Chromium {

    private static final String BINARY = System.getProperty("ciam.chromium.binary", "/usr/bin/chromium");
    private static final String DRIVER = System.getProperty("ciam.chromedriver", "/usr/bin/chromedriver");

    private static final AtomicBoolean VERSION_SAID = new AtomicBoolean();

    private Chromium() {
    }

    /** Starts a new headless browser with an empty profile; quit it after use. */
    public static ChromeDriver start() {
        return start(new String[0]);
    }

    /**
     * As {@link #start()}, every request sent through the HTTP proxy {@code proxy} (see {@link NodeProxy}), loopback
     * addresses included.
     */
    public static ChromeDriver startBehind(NodeProxy proxy) {
        return start("--proxy-server=" + proxy.address(), "--proxy-bypass-list=<-loopback>");
    }

    private static ChromeDriver start(String... moreArguments) {
        boolean present = Files.isExecutable(Path.of(BINARY)) && Files.isExecutable(Path.of(DRIVER));
        if (!present) {
            String message = "headless Chromium not found (" + BINARY + ", " + DRIVER
                    + "); install it with: apt-get install -y chromium chromium-driver";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message + " (CI=true: browser tests may not be skipped)");
            }
            Assumptions.abort(message);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1280,900",
                "--remote-debugging-port=" + Ports.free());
        options.addArguments(moreArguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .withEnvironment(Map.of("TMPDIR", HarnessSettings.tmpDir().toString()))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        if (!VERSION_SAID.getAndSet(true)) {
            System.out.println("[ciam-harness] Chromium " + driver.getCapabilities().getBrowserVersion());
        }
        return driver;
    }
}
