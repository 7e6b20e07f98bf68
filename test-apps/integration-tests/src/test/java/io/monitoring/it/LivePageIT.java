package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.Artifacts;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.HeadlessChromium;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.Poll;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The live page ({@code http://HOST:9464/}) in headless Chromium, against the Spring Boot app (H2, HikariCP pool
 * {@code petshop} of 4, Spring cache {@code prices}) with basic auth on its metrics endpoint. The app sends no request
 * of its own (no {@code --demo.traffic}) and the browser talks only to the metrics port, so every request the routes
 * table shows is one this test sent. One app and one browser serve all the tests; each test knows what was sent so
 * far ({@link #sent}), so they hold in any order; only the last two are ordered: the screenshot, then stopping the app.
 *
 * <p>The PNG of the page goes to {@code target/live-page.png}; with {@code -Dlive-page.screenshot=docs} also to the
 * repository's {@code docs/live-page.png}, the README's picture.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LivePageIT {
    private static final String USER = "prometheus";
    private static final String PASSWORD = "s3cret";
    /** The page refreshes every 5 s; the agent's figures may lag a snapshot behind. */
    private static final Duration REFRESHED = Duration.ofSeconds(20);

    private static Path passwordDir;
    private static ChildJvm app;
    private static int appPort;
    private static int metricsPort;
    private static HeadlessChromium browser;
    /** Requests sent so far, by "METHOD route-template". */
    private static final Map<String, Integer> sent = new TreeMap<>();

    @BeforeAll
    static void startAppWithWorkloadAndOpenThePage() throws IOException {
        passwordDir = Files.createTempDirectory("live-page");
        Path password = Files.writeString(passwordDir.resolve("metrics-password"), PASSWORD + "\n");
        metricsPort = ChildJvm.freePort();
        app = ChildJvm.app("spring-boot-app").env(AgentApp.withoutAgentEnvironment()).agent(Artifacts.agentJar())
                .agentArgs("metrics.host=127.0.0.1,traces.exporter=none,metrics.port=" + metricsPort
                        + ",metrics.username=" + USER + ",metrics.password-file=" + password)
                .args("--server.port=0").start();
        appPort = AgentApp.awaitReady(app);

        send("/owners", "/owners", 3);          // the N+1: 1 SELECT on owners, then 10 on pets, each
        send("/prices/A", "/prices/{sku}", 1);  // the cache: a miss
        send("/prices/B", "/prices/{sku}", 1);  // a miss
        send("/prices/A", "/prices/{sku}", 3);  // 3 hits
        send("/orders/1", "/orders/{id}", 2);   // 1 SELECT on orders each
        send("/boom", "/boom", 1);              // 500
        send("/db/slow?ms=600", "/db/slow", 1); // 1 SELECT on orders, slower than the 500 ms threshold

        browser = HeadlessChromium.start();
        browser.open("http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + metricsPort + "/");
    }

    @AfterAll
    static void stop() throws IOException {
        try (HeadlessChromium b = browser; ChildJvm a = app; var files = Files.walk(passwordDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void theRoutesTableShowsExactlyTheRequestsSent() {
        Map<String, String> expected = sentTotals();
        assertEquals(expected, Poll.until(LivePageIT::routeTotals, expected::equals, REFRESHED, "the sent requests"));

        Map<String, String> boom = row("routes", "route", "/boom");
        assertEquals("100.0 %", boom.get("errorShare"));
        assertTrue(browser.cellClass("routes", "route", "/boom", "errorShare").contains("bad"), "a 5xx share stands out");
        assertEquals("0.0 %", row("routes", "route", "/owners").get("errorShare"));
        for (Map<String, String> route : browser.rows("routes")) {
            for (String percentile : List.of("p50", "p95", "p99")) {
                assertTrue(Double.parseDouble(route.get(percentile)) > 0, route.toString()); // ms, in the last minute
            }
        }
        assertEquals(sent.size(), browser.driver.findElements(By.cssSelector("table#routes tbody td[data-col=sparkline] svg polyline")).size());

        assertEquals("spring-boot-app", text("service"));
        assertEquals("production", text("environment"));
        assertFalse(text("agent-version").isBlank());
        assertTrue(browser.driver.findElement(By.id("error")).getDomAttribute("hidden") != null, "no error banner");
    }

    @Test
    void sortingByAColumnGoesBothWaysAndSurvivesARefresh() {
        Poll.until(LivePageIT::routeTotals, sentTotals()::equals, REFRESHED, "the sent requests");
        browser.clickHeader("routes", "total");
        assertEquals("ascending", browser.ariaSort("routes", "total"));
        List<Integer> ascending = column("routes", "total", Integer::valueOf);
        assertEquals(ascending.stream().sorted().toList(), ascending);

        browser.clickHeader("routes", "total");
        assertEquals("descending", browser.ariaSort("routes", "total"));
        List<Integer> descending = column("routes", "total", Integer::valueOf);
        assertEquals(descending.stream().sorted(Comparator.reverseOrder()).toList(), descending);

        browser.clickHeader("routes", "route");
        assertEquals(null, browser.ariaSort("routes", "total"), "one sorted column at a time");
        List<String> byRoute = column("routes", "route", Function.identity());
        assertEquals(byRoute.stream().sorted().toList(), byRoute);

        int refreshes = refreshes();
        awaitRefreshes(refreshes + 1);
        assertEquals("ascending", browser.ariaSort("routes", "route"));
        assertEquals(byRoute, column("routes", "route", Function.identity()), "the order kept across the refresh");
    }

    @Test
    void theDependenciesShowTheTablesTheCacheAndThePool() {
        Poll.until(LivePageIT::routeTotals, sentTotals()::equals, REFRESHED, "the sent requests");
        // start-up's own statements (schema, seed data) are there too: only the SELECTs are the workload's
        Map<String, String> selects = browser.rows("databases").stream()
                .filter(r -> r.get("operation").equalsIgnoreCase("select"))
                .collect(Collectors.toMap(r -> r.get("table"), r -> r.get("total")));
        int owners = sent.get("GET /owners");
        assertEquals(Map.of("owners", "" + owners, "pets", "" + 10 * owners,
                "orders", "" + (sent.get("GET /orders/{id}") + sent.get("GET /db/slow"))), selects);

        // skus A and B: a miss each, every other read a hit
        int reads = sent.get("GET /prices/{sku}");
        Map<String, String> prices = row("caches", "cache", "prices");
        assertEquals(List.of("" + reads, "" + (reads - 2), "2", String.format(Locale.ROOT, "%.1f %%", 100.0 * (reads - 2) / reads)),
                List.of(prices.get("total"), prices.get("hits"), prices.get("misses"), prices.get("hitRatio")), prices::toString);

        Map<String, String> pool = row("pools", "pool", "petshop");
        assertEquals("4", pool.get("total"), pool::toString);
        assertEquals(4, Integer.parseInt(pool.get("active")) + Integer.parseInt(pool.get("idle")), pool::toString);
        assertEquals("0", pool.get("pending"), pool::toString);

        assertEquals(List.of("no outgoing call yet"), browser.rowTexts("http-targets"), "the app calls no other service");

        Map<String, String> repeated = row("repeated-queries", "route", "/owners");
        assertEquals(List.of("pets", "" + owners), List.of(repeated.get("table"), repeated.get("total")), repeated::toString);
        Map<String, String> slow = row("slow-queries", "route", "/db/slow");
        assertEquals("SELECT status, SLEEP_MS(?) FROM orders WHERE id = ?", slow.get("text"), "sanitised, no literal");
        assertTrue(Double.parseDouble(slow.get("durationSeconds")) >= 600, slow::toString);
    }

    @Test
    void thePageKeepsUpdating() {
        Poll.until(LivePageIT::routeTotals, sentTotals()::equals, REFRESHED, "the sent requests");
        int refreshes = refreshes();
        send("/orders/2", "/orders/{id}", 2);
        send("/prices/B", "/prices/{sku}", 1); // a hit
        Map<String, String> expected = sentTotals();
        assertEquals(expected, Poll.until(LivePageIT::routeTotals, expected::equals, REFRESHED, "the new requests, without reloading"));
        assertTrue(refreshes() > refreshes);
    }

    @Test
    void theEndpointAsksForCredentials() {
        String base = "http://127.0.0.1:" + metricsPort + "/";
        for (String path : List.of("", "api/summary")) {
            Http.Response anonymous = Http.get(base + path);
            assertEquals(401, anonymous.status(), path);
            assertTrue(anonymous.header("WWW-Authenticate").orElse("").startsWith("Basic "), anonymous.headers()::toString);
            assertEquals(401, Http.get(base + path, Map.of("Authorization", basic(USER, "wrong"))).status(), path);
        }
        Http.Response page = Http.get(base, Map.of("Authorization", basic(USER, PASSWORD)));
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").orElse("").startsWith("text/html"), page.headers()::toString);
        // and the browser, given the credentials in the URL, loaded the page and its data (the other tests)
    }

    /** Last but one: the README's picture, the page as a user opening it now sees it. */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void aScreenshotForTheReadme() throws IOException {
        browser.open("http://127.0.0.1:" + metricsPort + "/"); // without the credentials: the browser has them cached
        awaitRefreshes(1);
        Path png = Path.of("target", "live-page.png");
        browser.screenshot(png);
        String docs = System.getProperty("live-page.screenshot", "");
        if (!docs.isEmpty()) {
            Path readmePicture = Artifacts.appsDir().getParent().resolve(docs).resolve("live-page.png");
            Files.createDirectories(readmePicture.getParent());
            Files.copy(png, readmePicture, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("[live-page] screenshot written to " + readmePicture);
        }
    }

    /** Last: stops the app. */
    @Test
    @Order(Integer.MAX_VALUE)
    void whenTheAgentIsGoneABannerSaysSoAndTheLastFiguresStay() {
        awaitRefreshes(1);
        Map<String, String> before = routeTotals();
        app.close();
        WebElement banner = browser.driver.findElement(By.id("error"));
        Poll.until(() -> banner.getDomAttribute("hidden"), hidden -> hidden == null, REFRESHED, "the error banner");
        assertTrue(banner.getText().startsWith("Could not load api/summary ("), banner.getText());
        assertEquals(before, routeTotals());
    }

    private static void send(String path, String route, int times) {
        for (int i = 0; i < times; i++) {
            int status = Http.get("http://127.0.0.1:" + appPort + path).status();
            assertEquals(path.equals("/boom") ? 500 : 200, status, path);
        }
        sent.merge("GET " + route, times, Integer::sum);
    }

    private static Map<String, String> sentTotals() {
        Map<String, String> totals = new TreeMap<>();
        sent.forEach((route, count) -> totals.put(route, count.toString()));
        return totals;
    }

    /** "METHOD route" to the total the page shows. */
    private static Map<String, String> routeTotals() {
        Map<String, String> totals = new TreeMap<>();
        for (Map<String, String> row : browser.rows("routes")) {
            totals.put(row.get("method") + " " + row.get("route"), row.get("total"));
        }
        return totals;
    }

    private static Map<String, String> row(String table, String column, String value) {
        List<Map<String, String>> rows = browser.rows(table);
        return rows.stream().filter(r -> value.equals(r.get(column))).findFirst()
                .orElseThrow(() -> new AssertionError("no row with " + column + " " + value + " in " + table + ": " + rows));
    }


    private static <T> List<T> column(String table, String column, Function<String, T> parse) {
        List<T> values = new ArrayList<>();
        browser.rows(table).forEach(r -> values.add(parse.apply(r.get(column))));
        return values;
    }

    private static String text(String id) {
        return browser.driver.findElement(By.id(id)).getText();
    }

    /** How many times the page has rendered a summary since it was loaded. */
    private static int refreshes() {
        String count = browser.driver.findElement(By.id("updated")).getDomAttribute("data-count");
        return count == null ? 0 : Integer.parseInt(count);
    }

    private static void awaitRefreshes(int count) {
        Poll.until(LivePageIT::refreshes, n -> n >= count, REFRESHED, count + " refreshes of the page");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
