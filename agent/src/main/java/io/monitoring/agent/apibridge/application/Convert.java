package io.monitoring.agent.apibridge.application;

import application.io.opentelemetry.api.baggage.Baggage;
import application.io.opentelemetry.api.baggage.BaggageBuilder;
import application.io.opentelemetry.api.baggage.BaggageEntryMetadata;
import application.io.opentelemetry.api.common.AttributeKey;
import application.io.opentelemetry.api.common.Attributes;
import application.io.opentelemetry.api.trace.SpanContext;
import application.io.opentelemetry.api.trace.TraceFlags;
import application.io.opentelemetry.api.trace.TraceState;
import application.io.opentelemetry.api.trace.TraceStateBuilder;

/** Values copied between the application's API and the agent's: ids, trace state, attributes, baggage. */
final class Convert {
  private Convert() {}

  static io.opentelemetry.api.trace.SpanContext toAgent(SpanContext context) {
    if (!context.isValid()) {
      return io.opentelemetry.api.trace.SpanContext.getInvalid();
    }
    io.opentelemetry.api.trace.TraceFlags flags = io.opentelemetry.api.trace.TraceFlags.fromByte(context.getTraceFlags().asByte());
    io.opentelemetry.api.trace.TraceState state = io.opentelemetry.api.trace.TraceState.getDefault();
    if (!context.getTraceState().isEmpty()) {
      io.opentelemetry.api.trace.TraceStateBuilder builder = io.opentelemetry.api.trace.TraceState.builder();
      context.getTraceState().forEach(builder::put);
      state = builder.build();
    }
    return context.isRemote()
        ? io.opentelemetry.api.trace.SpanContext.createFromRemoteParent(context.getTraceId(), context.getSpanId(), flags, state)
        : io.opentelemetry.api.trace.SpanContext.create(context.getTraceId(), context.getSpanId(), flags, state);
  }

  static SpanContext toApplication(io.opentelemetry.api.trace.SpanContext context) {
    if (!context.isValid()) {
      return SpanContext.getInvalid();
    }
    TraceFlags flags = TraceFlags.fromByte(context.getTraceFlags().asByte());
    TraceState state = TraceState.getDefault();
    if (!context.getTraceState().isEmpty()) {
      TraceStateBuilder builder = TraceState.builder();
      context.getTraceState().forEach(builder::put);
      state = builder.build();
    }
    return context.isRemote()
        ? SpanContext.createFromRemoteParent(context.getTraceId(), context.getSpanId(), flags, state)
        : SpanContext.create(context.getTraceId(), context.getSpanId(), flags, state);
  }

  /** The agent's key of the same name and type; null for a type this bridge does not know (a newer API's). */
  @SuppressWarnings("unchecked")
  static <T> io.opentelemetry.api.common.AttributeKey<T> toAgent(AttributeKey<T> key) {
    String name = key.getKey();
    switch (key.getType().name()) {
      case "STRING": return (io.opentelemetry.api.common.AttributeKey<T>) io.opentelemetry.api.common.AttributeKey.stringKey(name);
      case "BOOLEAN": return (io.opentelemetry.api.common.AttributeKey<T>) io.opentelemetry.api.common.AttributeKey.booleanKey(name);
      case "LONG": return (io.opentelemetry.api.common.AttributeKey<T>) io.opentelemetry.api.common.AttributeKey.longKey(name);
      case "DOUBLE": return (io.opentelemetry.api.common.AttributeKey<T>) io.opentelemetry.api.common.AttributeKey.doubleKey(name);
      case "STRING_ARRAY": return (io.opentelemetry.api.common.AttributeKey<T>) io.opentelemetry.api.common.AttributeKey.stringArrayKey(name);
      case "BOOLEAN_ARRAY": return (io.opentelemetry.api.common.AttributeKey<T>) io.opentelemetry.api.common.AttributeKey.booleanArrayKey(name);
      case "LONG_ARRAY": return (io.opentelemetry.api.common.AttributeKey<T>) io.opentelemetry.api.common.AttributeKey.longArrayKey(name);
      case "DOUBLE_ARRAY": return (io.opentelemetry.api.common.AttributeKey<T>) io.opentelemetry.api.common.AttributeKey.doubleArrayKey(name);
      default: return null;
    }
  }

  @SuppressWarnings("unchecked")
  static io.opentelemetry.api.common.Attributes toAgent(Attributes attributes) {
    if (attributes == null || attributes.isEmpty()) {
      return io.opentelemetry.api.common.Attributes.empty();
    }
    io.opentelemetry.api.common.AttributesBuilder builder = io.opentelemetry.api.common.Attributes.builder();
    attributes.forEach((key, value) -> {
      io.opentelemetry.api.common.AttributeKey<Object> agentKey = toAgent((AttributeKey<Object>) key);
      if (agentKey != null) {
        builder.put(agentKey, value);
      }
    });
    return builder.build();
  }

  static io.opentelemetry.api.baggage.Baggage toAgent(Baggage baggage) {
    io.opentelemetry.api.baggage.BaggageBuilder builder = io.opentelemetry.api.baggage.Baggage.builder();
    baggage.forEach((key, entry) -> builder.put(key, entry.getValue(),
        io.opentelemetry.api.baggage.BaggageEntryMetadata.create(entry.getMetadata().getValue())));
    return builder.build();
  }

  static Baggage toApplication(io.opentelemetry.api.baggage.Baggage baggage) {
    BaggageBuilder builder = Baggage.builder();
    baggage.forEach((key, entry) -> builder.put(key, entry.getValue(), BaggageEntryMetadata.create(entry.getMetadata().getValue())));
    return builder.build();
  }
}
