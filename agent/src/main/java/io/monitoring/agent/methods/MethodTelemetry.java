package io.monitoring.agent.methods;

import static io.monitoring.agent.tracing.SemanticConventions.CODE_FUNCTION_NAME;

import io.monitoring.agent.bootstrap.AgentErrors;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's methods, and {@code @WithSpan} ones (a span only, see {@link AnnotatedMethod}). Configured methods: {@code method_duration_seconds{class, method, status}} per call, and an
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
      endSpan(c.span, error);
    }
  }

  /** A {@code @WithSpan} method: a span only (no metric; {@code monitoring.methods} is for timing). */
  @Override
  public Object startAnnotated(Class<?> type, String method, Object[] args) {
    AnnotatedMethod annotated = AnnotatedMethod.of(type, method);
    Context parent = Context.current();
    Span span = spans.start(annotated.spanName, annotated.kind, parent);
    if (span == null) {
      return null;
    }
    if (span.isRecording()) {
      span.setAttribute(CODE_FUNCTION_NAME, annotated.functionName);
      for (int i = 0; i < annotated.attributes.length && i < args.length; i++) {
        if (annotated.attributes[i] != null && args[i] != null) {
          setAttribute(span, annotated.attributes[i], args[i]);
        }
      }
    }
    return new AnnotatedCall(span, parent.with(span).makeCurrent());
  }

  @Override
  public Object endWhenComplete(Object call, Object returned, Throwable error) {
    if (!(call instanceof AnnotatedCall)) {
      return returned;
    }
    AnnotatedCall c = (AnnotatedCall) call;
    c.scope.close();
    if (error == null && returned instanceof CompletionStage) {
      // a callback of the agent's on the stage: what the application gets from the stage is unchanged
      ((CompletionStage<?>) returned).whenComplete((value, failure) -> {
        try {
          endSpan(c.span, failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
        } catch (Throwable t) {
          AgentErrors.record(t, "with-span");
        }
      });
      return returned;
    }
    ReactorTermination reactor = error == null ? ReactorTermination.of(returned) : null;
    if (reactor != null) {
      // the same publisher, observed: the span ends when it completes, fails or is cancelled (never, if nobody
      // subscribes: then the span is never exported)
      try {
        return reactor.whenTerminated(returned, c::failed, signal -> {
          try {
            endSpan(c.span, c.failure);
          } catch (Throwable t) {
            AgentErrors.record(t, "with-span");
          }
        });
      } catch (ReflectiveOperationException | RuntimeException e) {
        AgentErrors.record(e, "with-span");
      }
    }
    endSpan(c.span, error);
    return returned;
  }

  private static void setAttribute(Span span, String name, Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      span.setAttribute(name, ((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      span.setAttribute(name, ((Number) value).doubleValue());
    } else if (value instanceof Boolean) {
      span.setAttribute(name, (Boolean) value);
    } else {
      span.setAttribute(name, String.valueOf(value));
    }
  }

  private static void endSpan(Span span, Throwable error) {
    if (error != null && span.isRecording()) {
      span.recordException(error);
    }
    Spans.end(span, error, null);
  }

  private static final class AnnotatedCall {
    final Span span;
    final Scope scope;
    /** A returned publisher's error, when it failed; read at its end, on the thread that ends it. */
    volatile Throwable failure;

    void failed(Throwable error) {
      failure = error;
    }

    AnnotatedCall(Span span, Scope scope) {
      this.span = span;
      this.scope = scope;
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
