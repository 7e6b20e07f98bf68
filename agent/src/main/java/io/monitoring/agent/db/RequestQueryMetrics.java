package io.monitoring.agent.db;

import static io.monitoring.agent.tracing.SemanticConventions.DB_COLLECTION_NAME;
import static io.monitoring.agent.tracing.SemanticConventions.DB_OPERATION_NAME;
import static io.monitoring.agent.tracing.SemanticConventions.DB_QUERY_COUNT;
import static io.monitoring.agent.tracing.SemanticConventions.DB_QUERY_DURATION;
import static io.monitoring.agent.tracing.SemanticConventions.DB_QUERY_TEXT;

import io.monitoring.agent.metrics.AgentMetrics;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * What each request did with the database, recorded when it ends: {@code db_queries_per_request} (every request,
 * 0 included, so "share of requests that touch the database" is one query), {@code db_time_per_request_seconds}
 * (requests that ran at least one statement) and {@code db_repeated_queries_total} (once per request and statement
 * run at least {@code monitoring.db.repeated-query.threshold} times: an N+1), also on the request's SERVER span.
 * Routes come capped from the HTTP server metrics; tables as {@code db_query_duration_seconds} labels them.
 */
public final class RequestQueryMetrics {
  private static final double[] QUERY_BUCKETS = {0, 1, 2, 3, 5, 10, 20, 50, 100, 200};
  /** The HTTP server buckets: the time is a part of the request's. */
  private static final double[] TIME_BUCKETS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final Histogram queries;
  private final Histogram time;
  private final Counter repeated;
  private final int threshold;

  public RequestQueryMetrics(AgentMetrics metrics, int repeatedQueryThreshold) {
    this.threshold = repeatedQueryThreshold;
    queries = Histogram.builder().name("db_queries_per_request")
        .help("JDBC executions per HTTP request (a batch is one), observed when the request ends; 0 for none")
        .labelNames("method", "route").classicUpperBounds(QUERY_BUCKETS)
        .constLabels(metrics.constLabels()).register(metrics.registry());
    time = Histogram.builder().name("db_time_per_request_seconds").unit(Unit.SECONDS)
        .help("Time an HTTP request spent in JDBC executions, for requests that ran at least one")
        .labelNames("method", "route").classicUpperBounds(TIME_BUCKETS)
        .constLabels(metrics.constLabels()).register(metrics.registry());
    repeated = Counter.builder().name("db_repeated_queries_total")
        .help("Requests that ran one statement at least monitoring.db.repeated-query.threshold times (N+1 queries),"
            + " once per request and statement")
        .labelNames("method", "route", "operation", "table")
        .constLabels(metrics.constLabels()).register(metrics.registry());
  }

  /** The series of one (method, route), bound once by the caller per route series. */
  public RouteSeries series(String method, String route) {
    return new RouteSeries(method, route);
  }

  public final class RouteSeries {
    private final String method;
    private final String route;
    private final DistributionDataPoint queries;
    private volatile DistributionDataPoint time;

    RouteSeries(String method, String route) {
      this.method = method;
      this.route = route;
      this.queries = RequestQueryMetrics.this.queries.labelValues(method, route);
    }

    /** The request has ended: {@code request} null when it ran no statement; {@code span} null when not traced. */
    public void ended(RequestQueries request, Span span) {
      if (request == null) {
        queries.observe(0);
        if (span != null && span.isRecording()) {
          span.setAttribute(DB_QUERY_COUNT, 0L);
        }
        return;
      }
      request.ended(method, route);
      double seconds = request.nanos / 1e9;
      queries.observe(request.count);
      DistributionDataPoint t = time;
      if (t == null) {
        time = t = RequestQueryMetrics.this.time.labelValues(method, route);
      }
      t.observe(seconds);
      boolean recording = span != null && span.isRecording();
      if (recording) {
        span.setAttribute(DB_QUERY_COUNT, (long) request.count);
        span.setAttribute(DB_QUERY_DURATION, seconds);
      }
      request.forEachRepeated(threshold, (sql, operation, executions) -> {
        repeated.labelValues(method, route, operation.operation, operation.table).inc();
        if (recording) {
          span.addEvent("db.repeated_query", Attributes.of(DB_QUERY_TEXT, sql.queryText,
              DB_QUERY_COUNT, (long) executions, DB_OPERATION_NAME, sql.operationName == null ? operation.operation : sql.operationName,
              DB_COLLECTION_NAME, operation.table));
        }
      });
    }
  }
}
