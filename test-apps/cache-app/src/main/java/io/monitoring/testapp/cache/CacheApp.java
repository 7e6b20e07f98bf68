package io.monitoring.testapp.cache;

import jakarta.servlet.Servlet;

import org.apache.catalina.startup.Tomcat;

import io.monitoring.testapp.launcher.EmbeddedTomcat;
import io.monitoring.testapp.launcher.LaunchProtocol;
import io.monitoring.testapp.outcome.OutcomeServlet;
import io.monitoring.testapp.servlets.HealthServlet;

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
 *   <li>{@code /cache/guava/workload?round=N}: the Guava workload of {@link GuavaWorkloadServlet}.</li>
 *   <li>{@code /cache/jcache/workload?provider=ehcache|caffeine&round=N}: the JCache workload below on
 *       {@code sessions-<provider>}. 200; 400 for bad parameters.</li>
 *   <li>{@code /cache/jcache/clear?provider=ehcache|caffeine}: {@code clear()}, once. 200.</li>
 *   <li>{@code /cache/redis-cluster/...}: a Redis cluster through Lettuce (see {@link RedisClusterServlet}).</li>
 *   <li>{@code /cache/redis/workload}, {@code /cache/redis/batch}, {@code /cache/redisson/workload}: Redis through
 *       Jedis and Lettuce, Jedis pipelines and transactions, Redisson ({@link RedisWorkloadServlet},
 *       {@link JedisBatchServlet}, {@link RedissonWorkloadServlet}).</li>
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
        EmbeddedTomcat<Servlet> tomcat =
                EmbeddedTomcat.create("cache-app", LaunchProtocol.port(args), CONTEXT_PATH, Tomcat::addServlet);

        ProductCatalog catalog = new ProductCatalog();
        PriceBook priceBook = new PriceBook();
        StockLevels stock = new StockLevels();
        JCaches jcaches = new JCaches();

        tomcat.addServlet("caffeineWorkload",
                new CaffeineWorkloadServlet(new CaffeineWorkload(catalog, priceBook, stock)), "/caffeine/workload");
        tomcat.addServlet("caffeineClear", new CaffeineClearServlet(catalog), "/caffeine/clear");
        tomcat.addServlet("guavaWorkload", new GuavaWorkloadServlet(), "/guava/workload");
        tomcat.addServlet("jcacheWorkload", new JCacheWorkloadServlet(jcaches), "/jcache/workload");
        tomcat.addServlet("jcacheClear", new JCacheClearServlet(jcaches), "/jcache/clear");
        tomcat.addServlet("redisWorkload", new RedisWorkloadServlet(), "/redis/workload");
        tomcat.addServlet("redisCluster", new RedisClusterServlet(), "/redis-cluster/*");
        tomcat.addServlet("redisClusterContract", new OutcomeServlet(RedisClusterServlet.contractCases()),
                "/redis-cluster/contract/*");
        tomcat.addServlet("redisBatch", new JedisBatchServlet(), "/redis/batch");
        tomcat.addServlet("redissonWorkload", new RedissonWorkloadServlet(), "/redisson/workload");
        tomcat.addServlet("contract", new OutcomeServlet(CacheContract.cases()), "/contract/*");
        tomcat.addServlet("health", new HealthServlet(), "/health");
        tomcat.addDefaultServletForUnmappedPaths();
        tomcat.onShutdown(jcaches::closeAll);

        tomcat.serveUntilStopped();
    }
}
