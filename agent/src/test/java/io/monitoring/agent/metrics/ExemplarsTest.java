package io.monitoring.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
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
    Exemplars exemplars = new Exemplars();
    long now = 5_000_000_000L;
    exemplars.observe(h.labelValues(), 0.002, span("b7ad6b7169203331", true), now);
    exemplars.observe(h.labelValues(), 0.2, span("00f067aa0ba902b7", true), now + 1_000_000); // 1 ms later
    List<Exemplar> e = exemplars(h);
    assertEquals(1, e.size());
    assertEquals("b7ad6b7169203331", e.get(0).getLabels().get("span_id"));
    assertEquals(TRACE, e.get(0).getLabels().get("trace_id"));
    assertEquals(2, h.collect().getDataPoints().get(0).getCount()); // every observation counted
  }

  @Test
  void anUnsampledSpanIsNeverAnExemplar() {
    Histogram h = Histogram.builder().name("d").classicOnly().register(new PrometheusRegistry());
    Exemplars exemplars = new Exemplars();
    exemplars.observe(h.labelValues(), 0.002, span("b7ad6b7169203331", false), 7_000_000_000L);
    exemplars.observe(h.labelValues(), 0.002, null, 8_000_000_000L);
    assertEquals(0, exemplars(h).size());
    assertEquals(2, h.collect().getDataPoints().get(0).getCount());
  }

  /** Counts offers: the Prometheus sampler has a 90 ms limit of its own, so its exemplars cannot tell who thinned. */
  private static final class OfferCounter implements DistributionDataPoint {
    int offers;
    int observations;

    @Override
    public void observe(double value) {
      observations++;
    }

    @Override
    public void observeWithExemplar(double value, Labels labels) {
      offers++;
      observations++;
    }

    @Override
    public long getCount() {
      return observations;
    }

    @Override
    public double getSum() {
      return 0;
    }
  }

  @Test
  void offersAreThinnedPerRegistryNotPerJvm() {
    OfferCounter point = new OfferCounter();
    Exemplars first = new AgentMetrics("svc", "test", 10, "1").exemplars();
    Exemplars second = new AgentMetrics("svc", "test", 10, "1").exemplars();
    long now = 5_000_000_000L;
    first.observe(point, 0.002, span("b7ad6b7169203331", true), now);
    first.observe(point, 0.002, span("00f067aa0ba902b7", true), now + 1_000_000); // 1 ms later: thinned
    second.observe(point, 0.002, span("00f067aa0ba902b7", true), now + 1_000_000); // another registry: offered
    first.observe(point, 0.002, span("00f067aa0ba902b7", true), now + 91_000_000); // 91 ms later: offered
    assertEquals(3, point.offers);
    assertEquals(4, point.observations);
  }
}
