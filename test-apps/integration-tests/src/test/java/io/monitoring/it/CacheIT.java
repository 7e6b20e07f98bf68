package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.OtlpReceiver;
import io.monitoring.it.support.OtlpReceiver.ReceivedSpan;
import io.monitoring.it.support.Poll;
import io.monitoring.it.support.PrometheusScrape;
import io.monitoring.it.support.Services;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Local caches: the cache-app's known workloads (its Javadoc lists them) on Caffeine (a Cache, a
 * LoadingCache and an AsyncCache, each built in its own class and named after it) and on JCache through
 * Ehcache 3 and Caffeine's provider; the Spring Boot app's {@code @Cacheable} endpoint. Exact counts per
 * (system, cache_name, operation, status), one observation per outermost operation. Redis through Jedis
 * and Lettuce against the real server at 127.0.0.1:6379 (skipped with a reason when absent; a failure under
 * CI=true).
 */
class CacheIT {

    @Test
    void caffeineCountsHitsAndMissesPerKeyAndNamesCachesAfterTheClassThatBuiltThem() {
        try (AgentApp app = AgentApp.start("cache-app", Jdks.current(), null, "--port", "")) {
            for (int round = 1; round <= 2; round++) {
                assertEquals(200, Http.get(app.url("/cache/caffeine/workload?round=" + round)).status());
            }
            assertEquals(200, Http.get(app.url("/cache/caffeine/clear")).status());

            Map<String, Double> expected = new TreeMap<>();
            // per round: getIfPresent miss, 2 getIfPresent hits, get-with-loader miss then hit, getAll 2 hits + 1 load
            expected.put("ProductCatalog get hit", 2 * 5.0);
            expected.put("ProductCatalog get miss", 2 * 3.0);
            expected.put("ProductCatalog put success", 2 * 2.0);   // put, putAll
            expected.put("ProductCatalog remove success", 2 * 2.0); // invalidate, invalidateAll(keys)
            expected.put("ProductCatalog clear success", 1.0);      // invalidateAll()
            // LoadingCache: get loads x, get x, get loads y, getAll x y (hits) z (load)
            expected.put("PriceBook get hit", 2 * 3.0);
            expected.put("PriceBook get miss", 2 * 3.0);
            // AsyncCache: getIfPresent absent, put, getIfPresent present, get computes, get present
            expected.put("StockLevels get hit", 2 * 2.0);
            expected.put("StockLevels get miss", 2 * 2.0);
            expected.put("StockLevels put success", 2 * 1.0);
            PrometheusScrape scrape = app.scrape();
            assertEquals(expected, counts(scrape, "caffeine"), scrape::raw);
            assertEquals(Map.of("ProductCatalog get", 2 * 6.0, "ProductCatalog put", 4.0, "ProductCatalog remove", 4.0,
                    "ProductCatalog clear", 1.0, "PriceBook get", 2 * 4.0, "StockLevels get", 2 * 4.0, "StockLevels put", 2.0),
                    durations(scrape, "caffeine"), "one duration observation per operation; getAll is one");
            assertEquals(0.0, scrape.value("monitoring_agent_errors_total"), scrape::raw);
        }
    }

    @Test
    void jcacheOnEhcacheAndOnCaffeineCountsEachOperationOnceUnderItsName() {
        try (AgentApp app = AgentApp.start("cache-app", Jdks.current(), null, "--port", "")) {
            Map<String, Double> expected = new TreeMap<>();
            for (String provider : List.of("ehcache", "caffeine")) {
                assertEquals(200, Http.get(app.url("/cache/jcache/workload?provider=" + provider + "&round=1")).status());
                assertEquals(200, Http.get(app.url("/cache/jcache/clear?provider=" + provider)).status());
                String cache = "sessions-" + provider;
                expected.put(cache + " get hit", 4.0);    // get k1, containsKey k1, getAll k1 k2
                expected.put(cache + " get miss", 3.0);   // get k1 before put, containsKey k2, getAll k3
                expected.put(cache + " put success", 3.0); // put, putIfAbsent, replace
                expected.put(cache + " remove success", 1.0);
                expected.put(cache + " clear success", 1.0);
            }
            PrometheusScrape scrape = app.scrape();
            assertEquals(expected, counts(scrape, "jcache"), scrape::raw);
            assertEquals(Map.of(), counts(scrape, "caffeine"),
                    "Caffeine's JCache provider stores in a Caffeine cache: those inner operations are not counted again");
        }
    }

    @Test
    void springCacheableMissesOnceThenHitsAndIsOneSpringOperationNotAlsoACaffeineOne() {
        try (AgentApp app = AgentApp.start("spring-boot-app", Jdks.current(), null, "--server.port=", "")) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, Http.get(app.url("/prices/A")).status());
            }
            assertEquals(200, Http.get(app.url("/prices/B")).status());
            PrometheusScrape scrape = app.scrape();
            assertEquals(Map.of("prices get hit", 2.0, "prices get miss", 2.0, "prices put success", 2.0),
                    counts(scrape, "spring"), scrape::raw);
            assertEquals(Map.of(), counts(scrape, "caffeine"), scrape::raw);
        }
    }

    @Test
    void redisCommandsThroughJedisAndLettuceAreCacheOperationsOfTheirServerAndDatabaseWithClientSpans() {
        Services.REDIS.requireOrSkip();
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AgentApp app = AgentApp.start("cache-app", Jdks.current(), receiver, "--port", "")) {
            Map<String, String> databases = Map.of("jedis", "1", "jedis-pooled", "2", "lettuce", "3", "lettuce-async", "4");
            Map<String, Double> expected = new TreeMap<>();
            for (Map.Entry<String, String> client : databases.entrySet()) {
                Http.Response response = Http.get(app.url("/cache/redis/workload?round=1&client=" + client.getKey()));
                assertEquals(200, response.status(), response.body());
                String cache = "127.0.0.1:6379/" + client.getValue();
                expected.put(cache + " del success", 2.0);
                expected.put(cache + " get miss", 1.0);
                expected.put(cache + " set success", 1.0);
                expected.put(cache + " get hit", 1.0);
                expected.put(cache + " mget hit", 1.0);
                expected.put(cache + " mget miss", 1.0);
                expected.put(cache + " hset success", 1.0);
                expected.put(cache + " hget hit", 1.0);
                expected.put(cache + " hget miss", 1.0);
            }
            PrometheusScrape scrape = Poll.until(app::scrape, m -> counts(m, "redis").equals(expected), Duration.ofSeconds(10),
                    "every command counted (Lettuce's complete on its I/O thread)");
            assertEquals(expected, counts(scrape, "redis"));

            for (String client : databases.keySet()) {
                ReceivedSpan request = receiver.awaitSpans(s -> s.kind().equals("SERVER")
                        && String.valueOf(s.attribute("url.path")).endsWith("/redis/workload")
                        && receiver.spans().stream().anyMatch(c -> c.parentSpanId().equals(s.spanId())
                                && databases.get(client).equals(c.attribute("db.namespace"))), 1, Duration.ofSeconds(20)).get(0);
                List<ReceivedSpan> commands = receiver.awaitSpans(s -> s.parentSpanId().equals(request.spanId()), 9,
                        Duration.ofSeconds(20));
                assertEquals(Map.of("DEL", 2L, "GET", 2L, "SET", 1L, "MGET", 1L, "HSET", 1L, "HGET", 2L),
                        commands.stream().collect(java.util.stream.Collectors.groupingBy(ReceivedSpan::name,
                                java.util.stream.Collectors.counting())), client);
                for (ReceivedSpan command : commands) {
                    assertEquals("CLIENT", command.kind());
                    assertEquals("redis", command.attribute("db.system.name"));
                    assertEquals(command.name(), command.attribute("db.operation.name"));
                    assertEquals("127.0.0.1", command.attribute("server.address"));
                    assertEquals(6379L, command.attribute("server.port"));
                    assertFalse(command.attributes().toString().contains("mon:"), () -> "no key reaches a span: " + command);
                }
            }
        }
    }

    @Test
    void measuresNothingWhenCacheInstrumentationIsOff() {
        try (AgentApp app = AgentApp.start("cache-app", Jdks.current(), null, "--port",
                "instrumentation.caffeine.enabled=false,instrumentation.jcache.enabled=false")) {
            assertEquals(200, Http.get(app.url("/cache/caffeine/workload?round=1")).status());
            assertEquals(200, Http.get(app.url("/cache/jcache/workload?provider=ehcache&round=1")).status());
            PrometheusScrape scrape = app.scrape();
            assertEquals(List.of(), scrape.samples("cache_operations_total"), scrape::raw);
        }
    }

    @Test
    void theApplicationSeesTheSameResults() {
        String withAgent;
        try (AgentApp app = AgentApp.start("cache-app", Jdks.current(), null, "--port", "")) {
            withAgent = Http.get(app.url("/cache/caffeine/workload?round=1")).body()
                    + Http.get(app.url("/cache/jcache/workload?provider=caffeine&round=1")).body();
        }
        String without;
        try (ChildJvm jvm = ChildJvm.app("cache-app").env(AgentApp.withoutAgentEnvironment()).args("--port", "0").start()) {
            int port = AgentApp.awaitReady(jvm);
            without = Http.get("http://127.0.0.1:" + port + "/cache/caffeine/workload?round=1").body()
                    + Http.get("http://127.0.0.1:" + port + "/cache/jcache/workload?provider=caffeine&round=1").body();
        }
        assertEquals(without, withAgent);
    }

    private static Map<String, Double> counts(PrometheusScrape scrape, String system) {
        Map<String, Double> counts = new TreeMap<>();
        for (PrometheusScrape.Sample s : scrape.samples("cache_operations_total")) {
            if (system.equals(s.labels().get("system")) && s.value() > 0) {
                counts.merge(s.labels().get("cache_name") + " " + s.labels().get("operation") + " " + s.labels().get("status"),
                        s.value(), Double::sum);
            }
        }
        return counts;
    }

    private static Map<String, Double> durations(PrometheusScrape scrape, String system) {
        Map<String, Double> counts = new HashMap<>();
        for (PrometheusScrape.Sample s : scrape.samples("cache_operation_duration_seconds_count")) {
            if (system.equals(s.labels().get("system"))) {
                counts.merge(s.labels().get("cache_name") + " " + s.labels().get("operation"), s.value(), Double::sum);
            }
        }
        return counts;
    }

    /** Guava's Cache and LoadingCache, named after the class that built them, hits and misses exact. */
    @Test
    void guavaCachesAreCountedLikeCaffeines() throws Exception {
        try (AgentApp app = AgentApp.start("cache-app", Jdks.current(), null, "--port", "")) {
            for (int round = 1; round <= 2; round++) {
                assertEquals(200, Http.get(app.url("/cache/guava/workload?round=" + round)).status());
            }
            PrometheusScrape scrape = Poll.until(app::scrape,
                    m -> m.value("cache_operations_total", Map.of("system", "guava")) == 20.0, Duration.ofSeconds(10),
                    "20 Guava operations counted");
            assertEquals(Map.of("GuavaWorkloadServlet get hit", 8.0, "GuavaWorkloadServlet get miss", 8.0,
                    "GuavaWorkloadServlet put success", 2.0, "GuavaWorkloadServlet remove success", 2.0),
                    scrape.valuesBy("cache_operations_total", "cache_name", "operation", "status").entrySet().stream()
                            .filter(e -> e.getKey().startsWith("GuavaWorkloadServlet"))
                            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), scrape::raw);
        }
    }
}
