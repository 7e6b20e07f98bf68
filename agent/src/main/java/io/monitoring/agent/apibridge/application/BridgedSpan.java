package io.monitoring.agent.apibridge.application;

import application.io.opentelemetry.api.common.AttributeKey;
import application.io.opentelemetry.api.common.Attributes;
import application.io.opentelemetry.api.trace.Span;
import application.io.opentelemetry.api.trace.SpanContext;
import application.io.opentelemetry.api.trace.StatusCode;
import java.util.concurrent.TimeUnit;

/** One of the agent's spans as the application's API sees it: the request's SERVER span, or a span it made. */
final class BridgedSpan implements Span {
  final io.opentelemetry.api.trace.Span agent;
  private SpanContext context;

  BridgedSpan(io.opentelemetry.api.trace.Span agent) {
    this.agent = agent;
  }

  @Override
  public Span setAttribute(String key, String value) {
    agent.setAttribute(key, value);
    return this;
  }

  @Override
  public Span setAttribute(String key, long value) {
    agent.setAttribute(key, value);
    return this;
  }

  @Override
  public Span setAttribute(String key, double value) {
    agent.setAttribute(key, value);
    return this;
  }

  @Override
  public Span setAttribute(String key, boolean value) {
    agent.setAttribute(key, value);
    return this;
  }

  @Override
  public <T> Span setAttribute(AttributeKey<T> key, T value) {
    io.opentelemetry.api.common.AttributeKey<T> agentKey = Convert.toAgent(key);
    if (agentKey != null) {
      agent.setAttribute(agentKey, value);
    }
    return this;
  }

  @Override
  public Span addEvent(String name) {
    agent.addEvent(name);
    return this;
  }

  @Override
  public Span addEvent(String name, long timestamp, TimeUnit unit) {
    agent.addEvent(name, timestamp, unit);
    return this;
  }

  @Override
  public Span addEvent(String name, Attributes attributes) {
    agent.addEvent(name, Convert.toAgent(attributes));
    return this;
  }

  @Override
  public Span addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
    agent.addEvent(name, Convert.toAgent(attributes), timestamp, unit);
    return this;
  }

  @Override
  public Span setStatus(StatusCode status) {
    agent.setStatus(io.opentelemetry.api.trace.StatusCode.valueOf(status.name()));
    return this;
  }

  @Override
  public Span setStatus(StatusCode status, String description) {
    agent.setStatus(io.opentelemetry.api.trace.StatusCode.valueOf(status.name()), description);
    return this;
  }

  @Override
  public Span recordException(Throwable exception) {
    agent.recordException(exception);
    return this;
  }

  @Override
  public Span recordException(Throwable exception, Attributes attributes) {
    agent.recordException(exception, Convert.toAgent(attributes));
    return this;
  }

  @Override
  public Span updateName(String name) {
    agent.updateName(name);
    return this;
  }

  @Override
  public void end() {
    agent.end();
  }

  @Override
  public void end(long timestamp, TimeUnit unit) {
    agent.end(timestamp, unit);
  }

  @Override
  public SpanContext getSpanContext() {
    SpanContext c = context;
    if (c == null) {
      context = c = Convert.toApplication(agent.getSpanContext());
    }
    return c;
  }

  @Override
  public boolean isRecording() {
    return agent.isRecording();
  }

  @Override
  public String toString() {
    return "BridgedSpan{" + agent + "}";
  }
}
