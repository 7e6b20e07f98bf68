package io.monitoring.agent.apibridge.application;

import application.io.opentelemetry.api.OpenTelemetry;
import application.io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import application.io.opentelemetry.api.trace.TracerProvider;
import application.io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import application.io.opentelemetry.context.propagation.ContextPropagators;
import application.io.opentelemetry.context.propagation.TextMapPropagator;
import io.monitoring.agent.apibridge.ApplicationApi;

/**
 * What {@code GlobalOpenTelemetry.get()} returns to the application: the agent's tracers, and the W3C trace context
 * and baggage propagators the agent speaks on the wire. Also the agent's entry into this class loader.
 */
public final class BridgedOpenTelemetry implements OpenTelemetry, ApplicationApi {
  private static final ContextPropagators PROPAGATORS = ContextPropagators.create(
      TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance()));

  @Override
  public TracerProvider getTracerProvider() {
    return BridgedTracerProvider.INSTANCE;
  }

  @Override
  public ContextPropagators getPropagators() {
    return PROPAGATORS;
  }

  @Override
  public Object global() {
    return this;
  }

  @Override
  public Object contextStorage() {
    return BridgedContextStorage.INSTANCE;
  }

  @Override
  public boolean isOwnSdk(Object global) {
    return global != this && ((OpenTelemetry) global).getTracerProvider() != TracerProvider.noop();
  }
}
