package io.monitoring.agent.cache;

import io.monitoring.agent.bootstrap.CacheHooks;
import io.monitoring.agent.metrics.AgentMetrics;
import io.monitoring.agent.metrics.SeriesTable;
import io.monitoring.agent.util.WeakIdentityMap;

/**
 * The cache operation: what cache advice reports becomes {@code cache_operations_total} and
 * {@code cache_operation_duration_seconds}. Each cache object is resolved once to its series (system from
 * its class; name from the class that built it for Caffeine, from {@code getName()} for JCache and Spring)
 * and remembered weakly, so an operation costs one identity lookup, one increment and one observation.
 * Local caches get metrics only: a span per in-memory hit would cost more than the hit.
 */
public final class CacheTelemetry implements CacheHooks.Handler {
  private static final String UNNAMED = "unnamed";

  private final SeriesTable<CacheMetrics.CacheSeries> caffeine;
  private final SeriesTable<CacheMetrics.CacheSeries> jcache;
  private final SeriesTable<CacheMetrics.CacheSeries> spring;
  private final WeakIdentityMap<CacheMetrics.CacheSeries> byInstance = new WeakIdentityMap<>();

  private final CacheMetrics metrics;

  public CacheTelemetry(AgentMetrics agentMetrics) {
    metrics = new CacheMetrics(agentMetrics);
    caffeine = metrics.caches("caffeine");
    jcache = metrics.caches("jcache");
    spring = metrics.caches("spring");
  }

  CacheMetrics metrics() {
    return metrics;
  }

  @Override
  public void built(Object cache) {
    if (cache != null) {
      byInstance.put(cache, caffeine.get(BuildSite.applicationClass()));
    }
  }

  @Override
  public void read(Object cache, int hits, int misses, long startNanos) {
    long end = System.nanoTime();
    CacheMetrics.CacheSeries series = series(cache);
    series.duration(CacheHooks.GET).observe((end - startNanos) / 1e9);
    if (hits > 0) {
      series.count(CacheHooks.GET, 0).inc(hits);
    }
    if (misses > 0) {
      series.count(CacheHooks.GET, 1).inc(misses);
    }
  }

  @Override
  public void write(Object cache, int operation, long startNanos, Throwable error) {
    long end = System.nanoTime();
    CacheMetrics.CacheSeries series = series(cache);
    series.duration(operation).observe((end - startNanos) / 1e9);
    series.count(operation, error == null ? 0 : 1).inc();
  }

  private CacheMetrics.CacheSeries series(Object cache) {
    CacheMetrics.CacheSeries series = byInstance.get(cache);
    if (series == null) {
      series = describe(cache);
      byInstance.put(cache, series);
    }
    return series;
  }

  /** A cache met for the first time (a Caffeine cache built before the agent was ready, any JCache or Spring cache). */
  private CacheMetrics.CacheSeries describe(Object cache) {
    String type = cache.getClass().getName();
    if (type.startsWith("org.springframework.")) {
      return spring.get(nameOf(cache));
    }
    if (type.startsWith("org.ehcache.") || type.startsWith("com.github.benmanes.caffeine.jcache.")) {
      return jcache.get(nameOf(cache));
    }
    return caffeine.get(UNNAMED);
  }

  /**
   * {@code getName()}, reflectively and once per cache: the agent does not see the caches' APIs. Called
   * through the public interface declaring it, as implementations may be package-private (Ehcache's is).
   */
  private static String nameOf(Object cache) {
    for (Class<?> c = cache.getClass(); c != null; c = c.getSuperclass()) {
      for (Class<?> api : c.getInterfaces()) {
        if (api.getName().equals("javax.cache.Cache") || api.getName().equals("org.springframework.cache.Cache")) {
          try {
            Object name = api.getMethod("getName").invoke(cache);
            return name == null ? UNNAMED : name.toString();
          } catch (ReflectiveOperationException | RuntimeException e) {
            return UNNAMED;
          }
        }
      }
    }
    return UNNAMED;
  }
}
