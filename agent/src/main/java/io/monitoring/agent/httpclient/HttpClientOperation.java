package io.monitoring.agent.httpclient;

import io.monitoring.agent.bootstrap.OutgoingCall;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/** One outgoing call: when it started, its method and target, and its span (null when tracing is off). */
final class HttpClientOperation extends OutgoingCall {
  private static final AtomicIntegerFieldUpdater<HttpClientOperation> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(HttpClientOperation.class, "ended");

  final long startNanos;
  final int method;
  final HttpClientMetrics.TargetSeries target;
  final Span span;
  /** The caller's trace context: current again while a reactive client delivers the response (see received). */
  Context parent;
  /** The library's object the call is also known by until it ends (its callback, its call), or null. */
  Object call;
  private volatile int ended;

  HttpClientOperation(long startNanos, int method, HttpClientMetrics.TargetSeries target, Span span, String[] traceHeaders) {
    super(traceHeaders);
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
