package io.monitoring.agent.tracing;

import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Where the agent's own spans go and what decides them: the parent-based ratio sampler's bound for a new trace (the
 * SDK's {@code TraceIdRatioBased} rule on the trace id's lower 64 bits, so both kinds of span sample alike), the
 * resource they carry, and the batcher that exports them.
 */
final class SpanDestination {
  private final boolean always;
  private final long sampleBound;
  private final Resource resource;
  private final SpanProcessor batcher;

  SpanDestination(double ratio, Resource resource, SpanProcessor batcher) {
    this.always = ratio >= 1.0;
    this.sampleBound = ratio <= 0 ? Long.MIN_VALUE : (long) (ratio * Long.MAX_VALUE);
    this.resource = resource;
    this.batcher = batcher;
  }

  /** Whether a new trace whose id ends in {@code traceIdLow} is sampled. */
  boolean samples(long traceIdLow) {
    return always || Math.abs(traceIdLow) < sampleBound;
  }

  void ended(AgentSpan span) {
    batcher.onEnd(span);
  }

  Resource resource() {
    return resource;
  }
}
