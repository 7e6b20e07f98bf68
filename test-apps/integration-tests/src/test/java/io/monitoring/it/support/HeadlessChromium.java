package io.monitoring.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium ({@code /usr/bin/chromium}, package {@code chromium}) driven headless through its chromedriver
 * ({@code chromium-driver}) by Selenium. Both are taken from the machine, never downloaded (no Selenium Manager);
 * without them the calling test is skipped with the reason, except under {@code CI=true}, where {@code .ci/run}
 * installs them and their absence fails. Each browser gets a fresh profile directory.
 */
public final class HeadlessChromium implements AutoCloseable {
    /** The README's screenshot width. */
    public static final int WIDTH = 1200;
    private static final String PACKAGES = "Debian packages chromium, chromium-driver; .ci/run installs them";
    /**
     * Quiet: Selenium warns on every start that it has no DevTools classes for this Chromium; none are needed (the one
     * DevTools call, the screenshot, goes through chromedriver). Held here: java.util.logging keeps loggers weakly.
     */
    private static final Logger DEVTOOLS_LOG = quiet(Logger.getLogger("org.openqa.selenium.devtools"));

    public final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a browser, or skips (fails under CI=true) when Chromium or its driver is not installed. */
    public static HeadlessChromium start() {
        String chromium = NativeProcess.require("chromium", PACKAGES);
        String chromedriver = NativeProcess.require("chromedriver", PACKAGES);
        Path profile;
        try {
            profile = Files.createTempDirectory("chromium-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions().setBinary(chromium).addArguments(
                // as root (CI) Chromium runs only without its sandbox; /dev/shm is small in containers
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=" + WIDTH + ",900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(chromedriver).toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        return new HeadlessChromium(driver, profile);
    }

    private static Logger quiet(Logger logger) {
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    public void open(String url) {
        driver.get(url);
    }

    /** The rows of {@code table#id}'s body, each as its cells' text by {@code data-col}. */
    public List<Map<String, String>> rows(String tableId) {
        return driver.findElements(By.cssSelector("table#" + tableId + " tbody tr")).stream().map(row -> {
            Map<String, String> cells = new LinkedHashMap<>();
            for (WebElement cell : row.findElements(By.cssSelector("td[data-col]"))) {
                cells.put(cell.getDomAttribute("data-col"), cell.getText());
            }
            return cells;
        }).toList();
    }

    /** The whole page (not only the window) as a PNG {@link #WIDTH} pixels wide, through the DevTools protocol. */
    public void screenshot(Path png) {
        Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", WIDTH, "height", height.intValue(), "scale", 1)));
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.write(png, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a left-over temporary profile is harmless
            }
        }
    }
}
