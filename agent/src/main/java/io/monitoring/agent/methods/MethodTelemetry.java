package io.monitoring.agent.methods;

import static io.monitoring.agent.tracing.SemanticConventions.CODE_FUNCTION_NAME;

import io.monitoring.agent.bootstrap.MethodHooks;
import io.monitoring.agent.metrics.AgentMetrics;
import io.monitoring.agent.metrics.Exemplars;
import io.monitoring.agent.tracing.Spans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's configured methods: {@code method_duration_seconds{class, method, status}} per call, and an
 * INTERNAL span named {@code SimpleClass.method}, current while the method runs, so what it calls (a query, an
 * HTTP call) is its child. Labels are bounded by the configuration: only named classes are woven, and a class's
 * methods are as many as it declares.
 */
public final class MethodTelemetry implements MethodHooks.Handler {
  /** The HTTP server buckets: a business method is a part of a request. */
  private static final double[] BUCKETS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final Histogram duration;
  private final Exemplars exemplars;
  private final Spans spans;
  /** class, then method name */
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, MethodSeries>> series = new ConcurrentHashMap<>();

  public MethodTelemetry(AgentMetrics metrics, Spans spans) {
    this.spans = spans;
    this.exemplars = metrics.exemplars();
    duration = Histogram.builder().name("method_duration_seconds").unit(Unit.SECONDS)
        .help("Time of the application's methods named in monitoring.methods, from call to return or exception")
        .labelNames("class", "method", "status").classicUpperBounds(BUCKETS)
        .constLabels(metrics.constLabels()).register(metrics.registry());
  }

  @Override
  public Object start(String type, String method) {
    MethodSeries bound = bound(type, method);
    Context parent = Context.current();
    Span span = spans.start(bound.spanName, SpanKind.INTERNAL, parent);
    Scope scope = null;
    if (span != null) {
      if (span.isRecording()) {
        span.setAttribute(CODE_FUNCTION_NAME, bound.functionName);
      }
      scope = parent.with(span).makeCurrent();
    }
    return new MethodCall(bound, System.nanoTime(), span, scope);
  }

  private MethodSeries bound(String type, String method) {
    ConcurrentHashMap<String, MethodSeries> methods = series.get(type);
    MethodSeries bound = methods == null ? null : methods.get(method);
    if (bound == null) { // once per method: the lambdas below capture, the lookups above do not allocate
      bound = series.computeIfAbsent(type, t -> new ConcurrentHashMap<>()).computeIfAbsent(method, m -> new MethodSeries(type, m));
    }
    return bound;
  }

  @Override
  public void end(Object call, Throwable error) {
    if (!(call instanceof MethodCall)) {
      return;
    }
    long now = System.nanoTime();
    MethodCall c = (MethodCall) call;
    if (c.scope != null) {
      c.scope.close();
    }
    DistributionDataPoint point = error == null ? c.series.success : c.series.error();
    exemplars.observe(point, (now - c.startNanos) / 1e9, c.span == null ? null : c.span.getSpanContext(), now);
    if (c.span != null) {
      if (error != null && c.span.isRecording()) {
        c.span.recordException(error);
      }
      Spans.end(c.span, error, null);
    }
  }

  private final class MethodSeries {
    final String spanName;
    final String functionName;
    final DistributionDataPoint success;
    private final String type;
    private final String method;
    private volatile DistributionDataPoint error;

    MethodSeries(String type, String method) {
      this.type = type;
      this.method = method;
      this.spanName = type.substring(type.lastIndexOf('.') + 1) + "." + method;
      this.functionName = type + "." + method;
      this.success = duration.labelValues(type, method, "success");
    }

    /** Bound at the first failure: a method that never fails exports no empty error series. */
    DistributionDataPoint error() {
      DistributionDataPoint point = error;
      if (point == null) {
        error = point = duration.labelValues(type, method, "error");
      }
      return point;
    }
  }

  private static final class MethodCall {
    final MethodSeries series;
    final long startNanos;
    final Span span;
    final Scope scope;

    MethodCall(MethodSeries series, long startNanos, Span span, Scope scope) {
      this.series = series;
      this.startNanos = startNanos;
      this.span = span;
      this.scope = scope;
    }
  }
}
