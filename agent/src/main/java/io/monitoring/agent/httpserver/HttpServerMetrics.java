package io.monitoring.agent.httpserver;

import io.monitoring.agent.db.RequestQueryMetrics;
import io.monitoring.agent.http.HttpMethod;
import io.monitoring.agent.metrics.AgentMetrics;
import io.monitoring.agent.metrics.Exemplars;
import io.monitoring.agent.metrics.SeriesSlots;
import io.monitoring.agent.metrics.SeriesTable;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP server RED metrics with their label children bound once: per route (capped by
 * {@code monitoring.metrics.max-label-values}), per method, per status code. Recording a request is
 * a map lookup, two short array scans and three updates.
 */
final class HttpServerMetrics {
  private static final double[] BUCKETS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  final Exemplars exemplars;
  private final Counter requests;
  private final Histogram duration;
  private final Counter errors;
  /**
   * Requests being served, per method, read by the scrape: the Prometheus client's gauge allocated a lambda and
   * spun a compare-and-set on each of a request's two updates (~0.9 µs a request at saturation on /checkout).
   */
  private final LongAdder[] inFlight = new LongAdder[HttpMethod.NAMES.length];
  /** route, then method index, then status code */
  private final SeriesTable<SeriesSlots<SeriesSlots<StatusSeries>>> routes;

  HttpServerMetrics(AgentMetrics metrics) {
    exemplars = metrics.exemplars();
    requests = Counter.builder().name("http_requests_total").help("HTTP requests served, by route template")
        .labelNames("method", "route", "status_code").constLabels(metrics.constLabels()).register(metrics.registry());
    duration = Histogram.builder().name("http_request_duration_seconds").unit(Unit.SECONDS)
        .help("Time from the request reaching the servlet container's first filter to the response being complete")
        .labelNames("method", "route", "status_code").classicUpperBounds(BUCKETS)
        .constLabels(metrics.constLabels()).register(metrics.registry());
    errors = Counter.builder().name("http_request_errors_total").help("HTTP requests answered with 4xx or 5xx")
        .labelNames("method", "route", "error_type").constLabels(metrics.constLabels()).register(metrics.registry());
    for (int i = 0; i < inFlight.length; i++) {
      inFlight[i] = new LongAdder();
    }
    GaugeWithCallback.builder().name("http_requests_in_flight").help("HTTP requests being served now")
        .labelNames("method").constLabels(metrics.constLabels()).callback(gauge -> {
          for (int i = 0; i < inFlight.length; i++) {
            gauge.call(inFlight[i].sum(), HttpMethod.NAMES[i]);
          }
        }).register(metrics.registry());
    routes = metrics.seriesTable("http_requests_total", route -> new SeriesSlots<>(method ->
        new SeriesSlots<>(status -> new StatusSeries(HttpMethod.NAMES[method], route, status))));
  }

  LongAdder inFlight(int method) {
    return inFlight[method];
  }

  /** The bound series of one (method, route, status); the route may fold into {@code _other}. */
  StatusSeries series(int method, String route, int status) {
    return routes.get(route).get(method).get(status);
  }

  final class StatusSeries {
    final String route;
    /** Its SERVER spans' {@code http.route}: null when the request matched none or it folded into _other. */
    final String spanRoute;
    /** Its SERVER spans' name: "GET /orders/{id}", or the method alone without a route (semantic conventions). */
    final String spanName;
    /** The response status as a span attribute's value, boxed once rather than per request. */
    final Long status;
    /** Its SERVER spans' {@code error.type} without an exception: the status of a 5xx, else null. */
    final String failedStatus;
    final CounterDataPoint requests;
    final DistributionDataPoint duration;
    final CounterDataPoint errors;
    /** The route's database series, bound at its first request (RequestQueryMetrics.RouteSeries). */
    volatile RequestQueryMetrics.RouteSeries queries;

    StatusSeries(String method, String route, int status) {
      this.route = route;
      String name = HttpMethod.NAMES[HttpMethod.OTHER].equals(method) ? "HTTP" : method;
      this.spanRoute = HttpRoute.UNMATCHED.equals(route) || AgentMetrics.OTHER.equals(route) ? null : route;
      this.spanName = spanRoute == null ? name : name + " " + spanRoute;
      this.status = (long) status;
      String code = Integer.toString(status);
      this.failedStatus = status >= 500 ? code : null;
      this.requests = HttpServerMetrics.this.requests.labelValues(method, route, code);
      this.duration = HttpServerMetrics.this.duration.labelValues(method, route, code);
      this.errors = status >= 500 ? HttpServerMetrics.this.errors.labelValues(method, route, "server_error")
          : status >= 400 ? HttpServerMetrics.this.errors.labelValues(method, route, "client_error") : null;
    }
  }
}
