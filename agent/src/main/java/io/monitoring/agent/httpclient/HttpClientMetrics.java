package io.monitoring.agent.httpclient;

import io.monitoring.agent.httpserver.HttpMethod;
import io.monitoring.agent.metrics.AgentMetrics;
import io.monitoring.agent.metrics.Exemplars;
import io.monitoring.agent.metrics.LabelValueLimit;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Arrays;

/**
 * {@code external_api_duration_seconds} with its label children bound once per (target, method,
 * status): targets are capped by {@code monitoring.metrics.max-label-values}; recording a call is a
 * map lookup at its start and a short array scan at its end.
 */
final class HttpClientMetrics {
  private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

  final Exemplars exemplars;
  private final Histogram duration;
  private final LabelValueLimit.Bound<TargetSeries> targets;

  HttpClientMetrics(AgentMetrics metrics) {
    exemplars = metrics.exemplars();
    duration = Histogram.builder().name("external_api_duration_seconds").unit(Unit.SECONDS)
        .help("Time of outgoing HTTP calls, from sending the request to the response headers (or the failure); status_code 0: no response")
        .labelNames("target", "method", "status_code").classicUpperBounds(BUCKETS)
        .constLabels(metrics.constLabels()).register(metrics.registry());
    targets = metrics.labelValueLimit("external_api_duration_seconds").bind(TargetSeries::new);
  }

  TargetSeries target(String target) {
    return targets.get(target);
  }

  final class TargetSeries {
    final String target;
    private final StatusSeries[][] byMethod = new StatusSeries[HttpMethod.NAMES.length][];

    TargetSeries(String target) {
      this.target = target;
      for (int i = 0; i < byMethod.length; i++) {
        byMethod[i] = new StatusSeries[0];
      }
    }

    DistributionDataPoint get(int method, int status) {
      for (StatusSeries s : byMethod[method]) {
        if (s.status == status) {
          return s.duration;
        }
      }
      return add(method, status);
    }

    private synchronized DistributionDataPoint add(int method, int status) {
      StatusSeries[] known = byMethod[method];
      for (StatusSeries s : known) {
        if (s.status == status) {
          return s.duration;
        }
      }
      StatusSeries created = new StatusSeries(status,
          duration.labelValues(target, HttpMethod.NAMES[method], Integer.toString(status)));
      StatusSeries[] grown = Arrays.copyOf(known, known.length + 1);
      grown[known.length] = created;
      byMethod[method] = grown;
      return created.duration;
    }
  }

  private static final class StatusSeries {
    final int status;
    final DistributionDataPoint duration;

    StatusSeries(int status, DistributionDataPoint duration) {
      this.status = status;
      this.duration = duration;
    }
  }
}
