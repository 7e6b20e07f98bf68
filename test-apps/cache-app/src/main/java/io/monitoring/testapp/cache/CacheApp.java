package io.monitoring.testapp.cache;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;

/**
 * Embedded Tomcat 11 test application that runs a known cache workload on Caffeine ({@code Cache},
 * {@code LoadingCache}, {@code AsyncCache}) and on JCache ({@code javax.cache} 1.1.1) through the
 * Ehcache 3 and the Caffeine providers. Context path {@code /cache}; servlets are registered
 * programmatically.
 *
 * <p>Usage: {@code java -jar cache-app.jar --port N} (0 = any free port; bound to 127.0.0.1). Prints
 * {@code READY port=N} once serving.
 *
 * <p>The three Caffeine caches are built once, at start-up, each in the constructor of its own class,
 * because the agent names an unnamed Caffeine cache after the class that calls {@code build}:
 * {@link ProductCatalog} ({@code Cache<String, String>}, maximumSize 1000), {@link PriceBook}
 * ({@code LoadingCache<String, String>}, loader {@code "price-" + key}) and {@link StockLevels}
 * ({@code AsyncCache<String, Integer>}). The JCache caches {@code sessions-ehcache} and
 * {@code sessions-caffeine} are created once, on first use (see {@link JCaches}). Nothing touches a
 * cache except the calls listed below.
 *
 * <h2>Endpoints (all GET, text/plain; one line {@code <cache>.<op>(<keys>)=<result>} per call)</h2>
 * <ul>
 *   <li>{@code /cache/caffeine/workload?round=N}: the Caffeine workload below, keys suffixed
 *       {@code -N} so that each new round starts from absent keys. 200; 400 without a round.</li>
 *   <li>{@code /cache/caffeine/clear}: {@code catalog.invalidateAll()}, once. 200.</li>
 *   <li>{@code /cache/jcache/workload?provider=ehcache|caffeine&round=N}: the JCache workload below on
 *       {@code sessions-<provider>}. 200; 400 for bad parameters.</li>
 *   <li>{@code /cache/jcache/clear?provider=ehcache|caffeine}: {@code clear()}, once. 200.</li>
 *   <li>{@code /cache/health}: 200 {@code ok}, no cache operation.</li>
 * </ul>
 *
 * <h2>Caffeine workload (s = "-" + round), in this order</h2>
 * <table>
 *   <caption>Calls and results</caption>
 *   <tr><th>Cache</th><th>Call</th><th>Result</th></tr>
 *   <tr><td>catalog</td><td>{@code getIfPresent(a)}</td><td>null (miss)</td></tr>
 *   <tr><td>catalog</td><td>{@code put(a, "A")}</td><td></td></tr>
 *   <tr><td>catalog</td><td>{@code getIfPresent(a)}, twice</td><td>A, A (hits)</td></tr>
 *   <tr><td>catalog</td><td>{@code get(b, k -> "B")}</td><td>B (miss, computed)</td></tr>
 *   <tr><td>catalog</td><td>{@code get(b, k -> "B2")}</td><td>B (hit)</td></tr>
 *   <tr><td>catalog</td><td>{@code getAll([a, b, c], keys -> every key to "L")}</td>
 *       <td>{a=A, b=B, c=L} (a, b hits; the function gets {c})</td></tr>
 *   <tr><td>catalog</td><td>{@code putAll({d: D, e: E})}</td><td></td></tr>
 *   <tr><td>catalog</td><td>{@code invalidate(a)}</td><td></td></tr>
 *   <tr><td>catalog</td><td>{@code invalidateAll([b])}</td><td></td></tr>
 *   <tr><td>priceBook</td><td>{@code get(x)}</td><td>price-x-N (miss, loaded)</td></tr>
 *   <tr><td>priceBook</td><td>{@code get(x)}</td><td>price-x-N (hit)</td></tr>
 *   <tr><td>priceBook</td><td>{@code get(y)}</td><td>price-y-N (miss, loaded)</td></tr>
 *   <tr><td>priceBook</td><td>{@code getAll([x, y, z])}</td><td>x, y hits; z loaded</td></tr>
 *   <tr><td>stock</td><td>{@code getIfPresent(s)}</td><td>null (miss)</td></tr>
 *   <tr><td>stock</td><td>{@code put(s, completedFuture(1))}</td><td></td></tr>
 *   <tr><td>stock</td><td>{@code getIfPresent(s)}</td><td>a future of 1 (hit)</td></tr>
 *   <tr><td>stock</td><td>{@code get(t, k -> 2).join()}</td><td>2 (miss, computed)</td></tr>
 *   <tr><td>stock</td><td>{@code get(t, k -> 3).join()}</td><td>2 (hit)</td></tr>
 * </table>
 * (keys: a = "a" + s, and so on; stock's key s is "s" + s.)
 *
 * <h2>JCache workload (s = "-" + round), in this order</h2>
 * {@code get(k1)} null; {@code put(k1, "v1")}; {@code get(k1)} v1; {@code containsKey(k1)} true;
 * {@code containsKey(k2)} false; {@code putIfAbsent(k2, "v2")} true; {@code getAll({k1, k2, k3})}
 * {k1=v1, k2=v2}; {@code replace(k1, "v1b")} true; {@code remove(k2)} true.
 */
public final class CacheApp {

    static final String CONTEXT_PATH = "/cache";

    private CacheApp() {
    }

    public static void main(String[] args) throws Exception {
        int port = parsePort(args);

        Path baseDir = Files.createTempDirectory("cache-app-");
        Path docBase = Files.createDirectories(baseDir.resolve("docroot"));

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(port);
        Connector connector = tomcat.getConnector(); // creates the default HTTP/1.1 connector
        connector.setProperty("address", "127.0.0.1");

        Context ctx = tomcat.addContext(CONTEXT_PATH, docBase.toString());

        ProductCatalog catalog = new ProductCatalog();
        PriceBook priceBook = new PriceBook();
        StockLevels stock = new StockLevels();
        JCaches jcaches = new JCaches();

        addServlet(ctx, "caffeineWorkload",
                new CaffeineWorkloadServlet(new CaffeineWorkload(catalog, priceBook, stock)), "/caffeine/workload");
        addServlet(ctx, "caffeineClear", new CaffeineClearServlet(catalog), "/caffeine/clear");
        addServlet(ctx, "jcacheWorkload", new JCacheWorkloadServlet(jcaches), "/jcache/workload");
        addServlet(ctx, "jcacheClear", new JCacheClearServlet(jcaches), "/jcache/clear");
        addServlet(ctx, "redisWorkload", new RedisWorkloadServlet(), "/redis/workload");
        addServlet(ctx, "contract", new io.monitoring.testapp.outcome.OutcomeServlet(CacheContract.cases()), "/contract/*");
        addServlet(ctx, "health", new HealthServlet(), "/health");
        // anything else: the default servlet answers 404 from the (empty) doc base
        addServlet(ctx, "default", new DefaultServlet(), "/");

        tomcat.start();

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (LifecycleException e) {
                System.err.println("cache-app: error during shutdown: " + e);
            }
            jcaches.closeAll();
            deleteRecursively(baseDir);
        }, "cache-app-shutdown"));

        System.out.println("READY port=" + connector.getLocalPort());
        System.out.flush();

        tomcat.getServer().await(); // embedded server has no shutdown port; returns when stopped
    }

    private static void addServlet(Context ctx, String name, jakarta.servlet.Servlet servlet, String mapping) {
        Tomcat.addServlet(ctx, name, servlet);
        ctx.addServletMappingDecoded(mapping, name);
    }

    static int parsePort(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--port") && i + 1 < args.length) {
                return Integer.parseInt(args[i + 1]);
            }
            if (a.startsWith("--port=")) {
                return Integer.parseInt(a.substring("--port=".length()));
            }
        }
        throw new IllegalArgumentException("usage: --port N");
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
