package io.monitoring.agent.apibridge.application;

import application.io.opentelemetry.api.trace.SpanBuilder;
import application.io.opentelemetry.api.trace.Tracer;
import io.monitoring.agent.apibridge.ApplicationTracing;

/** A tracer of the agent's SDK under the application's instrumentation scope (its name and version). */
final class BridgedTracer implements Tracer {
  private final String name;
  private final String version;
  private volatile io.opentelemetry.api.trace.Tracer agent;

  BridgedTracer(String name, String version) {
    this.name = name;
    this.version = version;
  }

  @Override
  public SpanBuilder spanBuilder(String spanName) {
    return new BridgedSpanBuilder(agent().spanBuilder(spanName));
  }

  private io.opentelemetry.api.trace.Tracer agent() {
    io.opentelemetry.api.trace.Tracer tracer = agent;
    if (tracer == null) {
      io.opentelemetry.api.trace.TracerProvider provider = ApplicationTracing.tracerProvider();
      if (provider == null) {
        // the SDK is built off the main thread: a span asked for before is not recorded, but carries its context
        return io.opentelemetry.api.trace.TracerProvider.noop().get(name);
      }
      agent = tracer = version == null ? provider.get(name) : provider.get(name, version);
    }
    return tracer;
  }
}
