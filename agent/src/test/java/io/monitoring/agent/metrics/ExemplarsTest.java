package io.monitoring.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExemplarsTest {
  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

  private static SpanContext span(String spanId, boolean sampled) {
    return SpanContext.create(TRACE, spanId, sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(),
        TraceState.getDefault());
  }

  private static List<Exemplar> exemplars(Histogram h) {
    HistogramSnapshot.HistogramDataPointSnapshot p = h.collect().getDataPoints().get(0);
    List<Exemplar> all = new ArrayList<>();
    p.getExemplars().forEach(all::add);
    return all;
  }

  @Test
  void aSampledSpanBecomesTheExemplarAndOffersAreThinnedPerDataPoint() {
    Histogram h = Histogram.builder().name("d").classicOnly().register(new PrometheusRegistry());
    long now = 5_000_000_000L;
    Exemplars.observe(h.labelValues(), 0.002, span("b7ad6b7169203331", true), now);
    Exemplars.observe(h.labelValues(), 0.2, span("00f067aa0ba902b7", true), now + 1_000_000); // 1 ms later
    List<Exemplar> e = exemplars(h);
    assertEquals(1, e.size());
    assertEquals("b7ad6b7169203331", e.get(0).getLabels().get("span_id"));
    assertEquals(TRACE, e.get(0).getLabels().get("trace_id"));
    assertEquals(2, h.collect().getDataPoints().get(0).getCount()); // every observation counted
  }

  @Test
  void anUnsampledSpanIsNeverAnExemplar() {
    Histogram h = Histogram.builder().name("d").classicOnly().register(new PrometheusRegistry());
    Exemplars.observe(h.labelValues(), 0.002, span("b7ad6b7169203331", false), 7_000_000_000L);
    Exemplars.observe(h.labelValues(), 0.002, null, 8_000_000_000L);
    assertEquals(0, exemplars(h).size());
    assertEquals(2, h.collect().getDataPoints().get(0).getCount());
  }
}
