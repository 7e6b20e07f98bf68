package io.monitoring.it.support;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** A connection pool's {@code db_connection_pool_size} by state, as scraped, and waiting for it to show given sizes. */
public final class PoolSizes {
    private PoolSizes() {
    }

    /** Scrapes until pool {@code pool} reports exactly these sizes (30 s at most). */
    public static void await(AgentApp app, String pool, int active, int idle, int total, int pending) {
        Map<String, Double> expected = Map.of("active", (double) active, "idle", (double) idle, "total", (double) total,
                "pending", (double) pending);
        Poll.until(() -> of(app.scrape(), pool), expected::equals, Duration.ofSeconds(30),
                "pool " + pool + " to report " + expected);
    }

    /** state → value of pool {@code pool}'s {@code db_connection_pool_size}; empty when the pool is not reported. */
    public static Map<String, Double> of(PrometheusScrape scrape, String pool) {
        Map<String, Double> sizes = new TreeMap<>();
        for (PrometheusScrape.Sample s : scrape.samples("db_connection_pool_size")) {
            if (pool.equals(s.labels().get("pool"))) {
                sizes.put(s.labels().get("state"), s.value());
            }
        }
        return sizes;
    }

    /** The cumulative {@code db_connection_pool_wait_seconds} bucket {@code le} of pool {@code pool}. */
    public static double waits(PrometheusScrape scrape, String pool, String le) {
        return scrape.value("db_connection_pool_wait_seconds_bucket", Map.of("pool", pool, "le", le));
    }
}
