package io.monitoring.bench.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.monitoring.bench.MicrobenchmarkSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A Caffeine hit (tens of nanoseconds without an agent): what a local cache operation costs with the
 * agent's timing, counter and histogram on it. Local caches get metrics only, so the span variant of
 * the script measures the same thing.
 */
@State(Scope.Thread)
public class CaffeineBenchmark extends MicrobenchmarkSettings {
  private Cache<Integer, String> cache;
  private int next;

  @Setup(Level.Trial)
  public void fill() {
    cache = Caffeine.newBuilder().maximumSize(10_000).build();
    for (int i = 0; i < 1024; i++) {
      cache.put(i, "value-" + i);
    }
  }

  @Benchmark
  public String getIfPresentHit() {
    next = (next + 1) & 1023;
    return cache.getIfPresent(next);
  }

  @Benchmark
  public String getWithLoaderHit() {
    next = (next + 1) & 1023;
    return cache.get(next, key -> "loaded");
  }
}
