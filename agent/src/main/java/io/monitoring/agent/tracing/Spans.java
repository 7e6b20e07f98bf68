package io.monitoring.agent.tracing;

import static io.monitoring.agent.tracing.SemanticConventions.ERROR_TYPE;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;

/**
 * How every family makes its spans: the agent's own {@link AgentSpan}s (no destination until tracing is built, off
 * the main thread, and none when traces are off), started now or built after the fact, and one rule for a span's
 * error status.
 */
public final class Spans {
  private volatile SpanDestination destination;

  /** Requests served before this get metrics only. */
  public void use(Tracing tracing) {
    this.destination = tracing.destination();
  }

  /** False until tracing is built and when traces are off: ask before building a span's name or parent. */
  public boolean tracing() {
    return destination != null;
  }

  /** A span starting now, child of {@code parent}; null without tracing. */
  public Span start(String name, SpanKind kind, Context parent) {
    SpanDestination d = destination;
    return d == null ? null : AgentSpan.start(d, name, kind, parent, 0);
  }

  /**
   * A CLIENT span for a call that took {@code elapsedNanos} and has just ended: built only now, so nothing is
   * allocated for it while the call runs (a JDBC execution or a Redis command costs a clock read, not a span).
   * Null without a tracer; describe it, then {@link #end} it.
   */
  public Span startedAgo(String name, Context parent, long elapsedNanos) {
    SpanDestination d = destination;
    return d == null ? null : AgentSpan.start(d, name, SpanKind.CLIENT, parent, elapsedNanos);
  }

  /** The W3C {@code traceparent} header of {@code span}, valid. */
  public static String traceparent(Span span) {
    if (span instanceof AgentSpan) {
      return ((AgentSpan) span).traceparent();
    }
    SpanContext sc = span.getSpanContext();
    return "00-" + sc.getTraceId() + "-" + sc.getSpanId() + "-" + sc.getTraceFlags().asHex();
  }

  /** The W3C {@code tracestate} header of {@code state} (not empty): its entries in order, comma-separated. */
  public static String tracestate(TraceState state) {
    StringBuilder text = new StringBuilder();
    state.forEach((key, value) -> text.append(text.length() == 0 ? "" : ",").append(key).append('=').append(value));
    return text.toString();
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
