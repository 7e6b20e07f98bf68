package io.monitoring.agent.httpclient;

import io.monitoring.agent.http.HttpMethod;
import io.monitoring.agent.metrics.AgentMetrics;
import io.monitoring.agent.metrics.Exemplars;
import io.monitoring.agent.metrics.SeriesSlots;
import io.monitoring.agent.metrics.SeriesTable;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * {@code external_api_duration_seconds} with its label children bound once per (target, method,
 * status): targets are capped by {@code monitoring.metrics.max-label-values}; recording a call is a
 * map lookup at its start and two short array scans at its end.
 */
final class HttpClientMetrics {
  private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

  final Exemplars exemplars;
  private final Histogram duration;
  private final SeriesTable<TargetSeries> targets;

  HttpClientMetrics(AgentMetrics metrics) {
    exemplars = metrics.exemplars();
    duration = Histogram.builder().name("external_api_duration_seconds").unit(Unit.SECONDS)
        .help("Time of outgoing HTTP calls, from sending the request to the response headers (or the failure); status_code 0: no response")
        .labelNames("target", "method", "status_code").classicUpperBounds(BUCKETS)
        .constLabels(metrics.constLabels()).register(metrics.registry());
    targets = metrics.seriesTable("external_api_duration_seconds", TargetSeries::new);
  }

  TargetSeries target(String target) {
    return targets.get(target);
  }

  /** One target's series: method index, then status code. */
  final class TargetSeries {
    private final SeriesSlots<SeriesSlots<DistributionDataPoint>> byMethod;

    TargetSeries(String target) {
      byMethod = new SeriesSlots<>(method -> new SeriesSlots<>(status ->
          duration.labelValues(target, HttpMethod.NAMES[method], Integer.toString(status))));
    }

    DistributionDataPoint get(int method, int status) {
      return byMethod.get(method).get(status);
    }
  }
}
