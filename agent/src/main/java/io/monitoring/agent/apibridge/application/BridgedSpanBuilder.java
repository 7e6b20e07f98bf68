package io.monitoring.agent.apibridge.application;

import application.io.opentelemetry.api.common.AttributeKey;
import application.io.opentelemetry.api.common.Attributes;
import application.io.opentelemetry.api.trace.Span;
import application.io.opentelemetry.api.trace.SpanBuilder;
import application.io.opentelemetry.api.trace.SpanContext;
import application.io.opentelemetry.api.trace.SpanKind;
import application.io.opentelemetry.context.Context;
import java.util.concurrent.TimeUnit;

/** The agent's span builder: without a parent given, the span is a child of the agent's current span. */
final class BridgedSpanBuilder implements SpanBuilder {
  private final io.opentelemetry.api.trace.SpanBuilder agent;

  BridgedSpanBuilder(io.opentelemetry.api.trace.SpanBuilder agent) {
    this.agent = agent;
  }

  @Override
  public SpanBuilder setParent(Context context) {
    agent.setParent(BridgedContext.toAgent(context));
    return this;
  }

  @Override
  public SpanBuilder setNoParent() {
    agent.setNoParent();
    return this;
  }

  @Override
  public SpanBuilder addLink(SpanContext context) {
    agent.addLink(Convert.toAgent(context));
    return this;
  }

  @Override
  public SpanBuilder addLink(SpanContext context, Attributes attributes) {
    agent.addLink(Convert.toAgent(context), Convert.toAgent(attributes));
    return this;
  }

  @Override
  public SpanBuilder setAttribute(String key, String value) {
    agent.setAttribute(key, value);
    return this;
  }

  @Override
  public SpanBuilder setAttribute(String key, long value) {
    agent.setAttribute(key, value);
    return this;
  }

  @Override
  public SpanBuilder setAttribute(String key, double value) {
    agent.setAttribute(key, value);
    return this;
  }

  @Override
  public SpanBuilder setAttribute(String key, boolean value) {
    agent.setAttribute(key, value);
    return this;
  }

  @Override
  public <T> SpanBuilder setAttribute(AttributeKey<T> key, T value) {
    io.opentelemetry.api.common.AttributeKey<T> agentKey = Convert.toAgent(key);
    if (agentKey != null) {
      agent.setAttribute(agentKey, value);
    }
    return this;
  }

  @Override
  public SpanBuilder setSpanKind(SpanKind kind) {
    agent.setSpanKind(io.opentelemetry.api.trace.SpanKind.valueOf(kind.name()));
    return this;
  }

  @Override
  public SpanBuilder setStartTimestamp(long timestamp, TimeUnit unit) {
    agent.setStartTimestamp(timestamp, unit);
    return this;
  }

  @Override
  public Span startSpan() {
    return new BridgedSpan(agent.startSpan());
  }
}
