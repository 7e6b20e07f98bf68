package io.monitoring.agent.metrics;

import io.opentelemetry.api.trace.SpanContext;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.concurrent.TimeUnit;

/**
 * Records a duration and, now and then, the sampled span it belongs to as the bucket's exemplar. The
 * Prometheus sampler keeps at most one exemplar per bucket for seconds and looks at an offer at most every
 * 90 ms, but an offer needs its labels built first (two ids validated and sorted: a third of a request's
 * metrics cost, measured). So each data point is offered a span at most every 90 ms; the rest are plain
 * observations. One instance per {@link AgentMetrics}: each registry's data points are thinned on their own.
 */
public final class Exemplars {
  private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(90);
  private static final int SLOTS = 1024; // data points share a slot by identity hash: a collision only thins offers

  // plain longs: a race between threads costs one extra or one missing offer, nothing else
  private final long[] lastOffer = new long[SLOTS];

  Exemplars() {}

  public void observe(DistributionDataPoint point, double seconds, SpanContext span, long nowNanos) {
    if (span != null && span.isSampled()) {
      int slot = System.identityHashCode(point) & (SLOTS - 1);
      long last = lastOffer[slot];
      if (last == 0 || nowNanos - last >= INTERVAL_NANOS) {
        lastOffer[slot] = nowNanos == 0 ? 1 : nowNanos;
        point.observeWithExemplar(seconds, Labels.of("span_id", span.getSpanId(), "trace_id", span.getTraceId()));
        return;
      }
    }
    point.observe(seconds);
  }
}
