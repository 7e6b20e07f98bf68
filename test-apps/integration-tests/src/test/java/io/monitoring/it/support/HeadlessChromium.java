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

    /**
     * The rows of {@code table#id}'s body, each as its cells' text by {@code data-col}: read in one script, between two
     * of the page's renders (it rebuilds its tables every refresh, which makes elements found one by one go stale).
     */
    @SuppressWarnings("unchecked")
    public List<Map<String, String>> rows(String tableId) {
        List<Map<String, Object>> rows = (List<Map<String, Object>>) driver.executeScript(
                "return Array.from(document.querySelectorAll('table#' + arguments[0] + ' tbody tr')).map(tr =>"
                        + " Object.fromEntries(Array.from(tr.querySelectorAll('td[data-col]'))"
                        + ".map(td => [td.dataset.col, td.innerText.trim()])));", tableId);
        return rows.stream().map(row -> {
            Map<String, String> cells = new LinkedHashMap<>();
            row.forEach((column, text) -> cells.put(column, String.valueOf(text)));
            return cells;
        }).toList();
    }

    /** The text of each row of {@code table#id}'s body, read in one script as {@link #rows} is. */
    @SuppressWarnings("unchecked")
    public List<String> rowTexts(String tableId) {
        return (List<String>) driver.executeScript("return Array.from(document.querySelectorAll('table#' + arguments[0]"
                + " + ' tbody tr')).map(tr => tr.innerText.trim());", tableId);
    }

    /** Clicks the heading of {@code column} in {@code table#id}, found and clicked in one script (headings are rebuilt too). */
    public void clickHeader(String tableId, String column) {
        driver.executeScript("document.querySelector('table#' + arguments[0] + ' th[data-col=' + arguments[1] + ']').click();",
                tableId, column);
    }

    /** The {@code aria-sort} of the heading of {@code column} in {@code table#id} (null when not sorted by it). */
    public String ariaSort(String tableId, String column) {
        return (String) driver.executeScript("return document.querySelector('table#' + arguments[0] + ' th[data-col='"
                + " + arguments[1] + ']').getAttribute('aria-sort');", tableId, column);
    }

    /** The class of the {@code column} cell of the row whose {@code keyColumn} reads {@code key}, read in one script. */
    public String cellClass(String tableId, String keyColumn, String key, String column) {
        return (String) driver.executeScript("const tr = Array.from(document.querySelectorAll('table#' + arguments[0]"
                + " + ' tbody tr')).find(tr => tr.querySelector('td[data-col=' + arguments[1] + ']').innerText.trim() === arguments[2]);"
                + " return tr ? tr.querySelector('td[data-col=' + arguments[3] + ']').className : null;",
                tableId, keyColumn, key, column);
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
