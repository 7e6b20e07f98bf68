package io.monitoring.agent.tracing;

import static io.monitoring.agent.tracing.SemanticConventions.ERROR_TYPE;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import java.util.concurrent.TimeUnit;

/**
 * How every family makes its spans: the one tracer (null until the SDK is built, off the main thread, and when
 * traces are off), spans started now or built after the fact, and one rule for a span's error status.
 */
public final class Spans {
  private volatile Tracer tracer;

  /** Requests served before this get metrics only. */
  public void useTracer(Tracer tracer) {
    this.tracer = tracer;
  }

  /** False until the SDK is built and when traces are off: ask before building a span's name or parent. */
  public boolean tracing() {
    return tracer != null;
  }

  /** A span starting now, child of {@code parent}; null without a tracer. */
  public Span start(String name, SpanKind kind, Context parent) {
    Tracer t = tracer;
    return t == null ? null : t.spanBuilder(name).setSpanKind(kind).setParent(parent).startSpan();
  }

  /**
   * A CLIENT span for a call that took {@code elapsedNanos} and has just ended: built only now, so nothing is
   * allocated for it while the call runs (a JDBC execution or a Redis command costs a clock read, not a span).
   * Null without a tracer; describe it, then {@link #end} it.
   */
  public Span startedAgo(String name, Context parent, long elapsedNanos) {
    Tracer t = tracer;
    return t == null ? null : t.spanBuilder(name).setSpanKind(SpanKind.CLIENT).setParent(parent)
        .setStartTimestamp(Clock.getDefault().now() - elapsedNanos, TimeUnit.NANOSECONDS).startSpan();
  }

  /**
   * Ends {@code span} with the shared error rule: an exception makes {@code error.type} its class name, else a
   * failing status (an HTTP status code, given by the caller's own rule) does; either sets the status to ERROR.
   */
  public static void end(Span span, Throwable error, String failedStatus) {
    if (span.isRecording()) {
      if (error != null) {
        span.setAttribute(ERROR_TYPE, error.getClass().getName());
        span.setStatus(StatusCode.ERROR);
      } else if (failedStatus != null) {
        span.setAttribute(ERROR_TYPE, failedStatus);
        span.setStatus(StatusCode.ERROR);
      }
    }
    span.end();
  }
}
