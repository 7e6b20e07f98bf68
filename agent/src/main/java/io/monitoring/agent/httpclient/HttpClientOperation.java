package io.monitoring.agent.httpclient;

import io.opentelemetry.api.trace.Span;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/** One outgoing call: when it started, its method and target, and its span (null when tracing is off). */
final class HttpClientOperation {
  private static final AtomicIntegerFieldUpdater<HttpClientOperation> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(HttpClientOperation.class, "ended");

  final long startNanos;
  final int method;
  final HttpClientMetrics.TargetSeries target;
  final Span span;
  private volatile int ended;

  HttpClientOperation(long startNanos, int method, HttpClientMetrics.TargetSeries target, Span span) {
    this.startNanos = startNanos;
    this.method = method;
    this.target = target;
    this.span = span;
  }

  /** True for the first caller only: a call is recorded once, whichever path ends it. */
  boolean markEnded() {
    return ENDED.compareAndSet(this, 0, 1);
  }
}
