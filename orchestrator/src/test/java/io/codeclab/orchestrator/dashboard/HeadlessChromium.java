package io.codeclab.orchestrator.dashboard;

import io.codeclab.testing.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium driven headless through its own chromedriver (no Selenium Manager, no download). Missing
 * means skipped, or failed under {@code CODEC_LAB_REQUIRE_BROWSER=1} (scripts/test sets it).
 */
final class HeadlessChromium {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Screenshots for a person to look at: {@code orchestrator/target/dashboard-screenshots/}. */
    static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");

    private HeadlessChromium() {
    }

    static Optional<String> unavailableReason() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            return Optional.of("no headless browser: " + CHROMIUM + " and " + CHROMEDRIVER
                    + " are needed (apt-get install -y chromium chromium-driver; scripts/install-deps --browser)");
        }
        return Optional.empty();
    }

    static ChromeDriver start() {
        var missing = unavailableReason();
        Preconditions.browser(missing.isEmpty(), missing::orElseThrow);
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: the tests run as root, where Chromium's own sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1100", "--no-first-run", "--disable-extensions", "--disable-background-networking");
        // The browser's console is read back by the tests (a CSP violation would show there).
        var logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        var driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return driver;
    }

    /** The console messages since the last call (errors, warnings, CSP reports). */
    static List<String> console(ChromeDriver driver) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).toList();
    }

    /** Writes a screenshot of the whole page (up to 8,000 pixels high) as {@code <name>.png} and returns its path. */
    static Path screenshot(ChromeDriver driver, String name) {
        var window = driver.manage().window();
        var size = window.getSize();
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            long height = (Long) driver.executeScript("return document.documentElement.scrollHeight;");
            window.setSize(new Dimension(size.getWidth(), (int) Math.min(8000, Math.max(size.getHeight(), height + 140))));
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the screenshot " + name, e);
        } finally {
            window.setSize(size);
        }
    }
}
