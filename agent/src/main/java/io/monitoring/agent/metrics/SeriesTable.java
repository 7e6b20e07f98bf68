package io.monitoring.agent.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The bound series of one metric family per value of its label that can grow without bound (route, target,
 * table, cache name, Redis server or command), each bound at its first use. At most {@code max} values are
 * bound; later ones share the {@code _other} binding, and each lookup folded there counts once in
 * {@code monitoring_agent_label_overflow_total}. The hot path is one map lookup. Small fixed dimensions below
 * that label are {@link SeriesSlots}.
 */
public final class SeriesTable<T> {
  private final int max;
  private final CounterDataPoint overflow;
  private final Function<String, T> bind;
  private final ConcurrentHashMap<String, T> byValue = new ConcurrentHashMap<>();
  private volatile T other;

  SeriesTable(int max, CounterDataPoint overflow, Function<String, T> bind) {
    this.max = max;
    this.overflow = overflow;
    this.bind = bind;
  }

  public T get(String value) {
    T bound = byValue.get(value);
    return bound != null ? bound : admit(value);
  }

  private synchronized T admit(String value) {
    T bound = byValue.get(value);
    if (bound != null) {
      return bound;
    }
    if (byValue.size() < max) {
      bound = bind.apply(value);
      byValue.put(value, bound);
      return bound;
    }
    overflow.inc();
    if (other == null) {
      other = bind.apply(AgentMetrics.OTHER);
    }
    return other;
  }
}
