package io.monitoring.agent.cache;

import io.monitoring.agent.bootstrap.CacheHooks;
import io.monitoring.agent.metrics.AgentMetrics;
import io.monitoring.agent.metrics.SeriesTable;
import io.monitoring.agent.util.WeakIdentityMap;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The cache operation: what cache advice reports becomes {@code cache_operations_total} and
 * {@code cache_operation_duration_seconds}. Each cache object is resolved once to its series (system from
 * its class; name from the class that built it for Caffeine and Guava, from {@code getName()} for JCache and Spring)
 * and remembered weakly, so an operation costs one identity lookup, one increment and one observation.
 * Local caches get metrics only: a span per in-memory hit would cost more than the hit.
 */
public final class CacheTelemetry implements CacheHooks.Handler {
  private static final String UNNAMED = "unnamed";

  private final SeriesTable<CacheMetrics.CacheSeries> caffeine;
  private final SeriesTable<CacheMetrics.CacheSeries> jcache;
  private final SeriesTable<CacheMetrics.CacheSeries> spring;
  private final SeriesTable<CacheMetrics.CacheSeries> guava;
  private final WeakIdentityMap<CacheMetrics.CacheSeries> byInstance = new WeakIdentityMap<>();

  private final CacheMetrics metrics;

  /** A cache whose operations are not measured (an ignored name): its operations find this and stop. */
  private final CacheMetrics.CacheSeries ignored;
  private final Set<String> ignoredNames;

  public CacheTelemetry(AgentMetrics agentMetrics, Collection<String> ignoredNames) {
    metrics = new CacheMetrics(agentMetrics);
    this.ignoredNames = new HashSet<>(ignoredNames);
    ignored = metrics.unmeasured();
    caffeine = metrics.caches("caffeine");
    jcache = metrics.caches("jcache");
    spring = metrics.caches("spring");
    guava = metrics.caches("guava");
  }

  CacheMetrics metrics() {
    return metrics;
  }

  /** A Caffeine or Guava cache built: named after the application class that built it. */
  @Override
  public void built(Object cache) {
    if (cache != null) {
      byInstance.put(cache, named(isGuava(cache) ? guava : caffeine, BuildSite.applicationClass()));
    }
  }

  private static boolean isGuava(Object cache) {
    return cache.getClass().getName().startsWith("com.google.common.cache.");
  }

  @Override
  public void read(Object cache, int hits, int misses, long startNanos) {
    long end = System.nanoTime();
    CacheMetrics.CacheSeries series = series(cache);
    if (series == ignored) {
      return;
    }
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
    if (series == ignored) {
      return;
    }
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
      return named(spring, nameOf(cache));
    }
    if (type.startsWith("org.ehcache.") || type.startsWith("com.github.benmanes.caffeine.jcache.")) {
      return named(jcache, nameOf(cache));
    }
    return (isGuava(cache) ? guava : caffeine).get(UNNAMED);
  }

  private CacheMetrics.CacheSeries named(SeriesTable<CacheMetrics.CacheSeries> system, String name) {
    return ignoredNames.contains(name) ? ignored : system.get(name);
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
