package io.monitoring.agent.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Binds per label value an object (typically the bound data points of that value), admitting at
 * most {@code max} distinct values; later values share the {@code _other} binding and are counted
 * in {@code monitoring_agent_label_overflow_total}. The hot path is one map lookup.
 */
public final class LabelValueLimit {
  private final int max;
  private final CounterDataPoint overflow;

  LabelValueLimit(int max, CounterDataPoint overflow) {
    this.max = max;
    this.overflow = overflow;
  }

  public <T> Bound<T> bind(Function<String, T> factory) {
    return new Bound<>(this, factory);
  }

  /** The per-value bindings of one metric family. */
  public static final class Bound<T> {
    private final LabelValueLimit limit;
    private final Function<String, T> factory;
    private final ConcurrentHashMap<String, T> byValue = new ConcurrentHashMap<>();
    private volatile T other;

    Bound(LabelValueLimit limit, Function<String, T> factory) {
      this.limit = limit;
      this.factory = factory;
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
      if (byValue.size() < limit.max) {
        bound = factory.apply(value);
        byValue.put(value, bound);
        return bound;
      }
      limit.overflow.inc();
      if (other == null) {
        other = factory.apply(AgentMetrics.OTHER);
      }
      return other;
    }

    public int size() {
      return byValue.size();
    }
  }
}
