package io.monitoring.agent.apibridge.application;

import application.io.opentelemetry.api.baggage.Baggage;
import application.io.opentelemetry.api.trace.Span;
import application.io.opentelemetry.api.trace.SpanContext;
import application.io.opentelemetry.context.Context;
import application.io.opentelemetry.context.ContextKey;

/**
 * The application's view of the agent's context: its span is the agent's current span (the SERVER span of the
 * request, or the application's own span made current), its baggage the agent's baggage, and every other value the
 * application puts in is carried inside the agent's context, so it travels wherever the agent carries the context
 * (executors, Reactor's schedulers).
 */
final class BridgedContext implements Context {
  /** The span and baggage keys of the application's API (package-private there), learnt by letting it read a probe. */
  static final ContextKey<Span> SPAN_KEY;
  static final ContextKey<Baggage> BAGGAGE_KEY;

  static {
    KeyProbe probe = new KeyProbe();
    Span.fromContextOrNull(probe);
    SPAN_KEY = probe.asked();
    Baggage.fromContextOrNull(probe);
    BAGGAGE_KEY = probe.asked();
  }

  private static final io.opentelemetry.context.ContextKey<ApplicationValues> APPLICATION_VALUES =
      io.opentelemetry.context.ContextKey.named("monitoring-agent-application-values");
  static final BridgedContext ROOT = new BridgedContext(io.opentelemetry.context.Context.root());

  final io.opentelemetry.context.Context agent;

  private BridgedContext(io.opentelemetry.context.Context agent) {
    this.agent = agent;
  }

  static Context of(io.opentelemetry.context.Context agent) {
    return agent == ROOT.agent ? ROOT : new BridgedContext(agent);
  }

  /**
   * The agent's context for an application's context: a bridged one's own, or, for one the API made without the
   * storage (API 1.0's {@code Context.root()} and what was built on it), its span and baggage in a root context of
   * the agent's, with the application's context kept for its other values.
   */
  static io.opentelemetry.context.Context toAgent(Context context) {
    if (context instanceof BridgedContext) {
      return ((BridgedContext) context).agent;
    }
    io.opentelemetry.context.Context agent = ROOT.agent;
    if (context == null) {
      return agent;
    }
    Span span = context.get(SPAN_KEY);
    if (span != null) {
      agent = agent.with(agentSpanOf(span));
    }
    Baggage baggage = context.get(BAGGAGE_KEY);
    if (baggage != null) {
      agent = agent.with(Convert.toAgent(baggage));
    }
    return agent.with(APPLICATION_VALUES, new ApplicationValues(new Object[0], context));
  }

  private static io.opentelemetry.api.trace.Span agentSpanOf(Span span) {
    return span instanceof BridgedSpan ? ((BridgedSpan) span).agent
        : io.opentelemetry.api.trace.Span.wrap(Convert.toAgent(span.getSpanContext()));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V> V get(ContextKey<V> key) {
    ApplicationValues values = agent.get(APPLICATION_VALUES);
    if (key == SPAN_KEY) {
      io.opentelemetry.api.trace.Span span = io.opentelemetry.api.trace.Span.fromContextOrNull(agent);
      if (span == null) {
        return null;
      }
      // the application's own object while it is the current span (Span.current() == span), else a view of the agent's
      Object given = values == null ? null : values.get(key);
      if (given instanceof BridgedSpan ? ((BridgedSpan) given).agent == span
          : given instanceof Span && sameSpan(((Span) given).getSpanContext(), span.getSpanContext())) {
        return (V) given;
      }
      return (V) new BridgedSpan(span);
    }
    if (key == BAGGAGE_KEY) {
      io.opentelemetry.api.baggage.Baggage baggage = io.opentelemetry.api.baggage.Baggage.fromContextOrNull(agent);
      return baggage == null ? null : (V) Convert.toApplication(baggage);
    }
    return values == null ? null : (V) values.get(key);
  }

  @Override
  public <V> Context with(ContextKey<V> key, V value) {
    io.opentelemetry.context.Context next = agent;
    if (key == BAGGAGE_KEY && value instanceof Baggage) {
      return new BridgedContext(next.with(Convert.toAgent((Baggage) value)));
    }
    if (key == SPAN_KEY && value instanceof Span) {
      next = next.with(agentSpanOf((Span) value));
    }
    return new BridgedContext(next.with(APPLICATION_VALUES, ApplicationValues.with(agent.get(APPLICATION_VALUES), key, value)));
  }

  private static boolean sameSpan(SpanContext application, io.opentelemetry.api.trace.SpanContext agent) {
    return application.getSpanId().equals(agent.getSpanId()) && application.getTraceId().equals(agent.getTraceId());
  }

  /** The application's values, newest last, over a context of its own that the API made without the storage. */
  private static final class ApplicationValues {
    private final Object[] keysAndValues;
    private final Context underlying;

    ApplicationValues(Object[] keysAndValues, Context underlying) {
      this.keysAndValues = keysAndValues;
      this.underlying = underlying;
    }

    static ApplicationValues with(ApplicationValues values, Object key, Object value) {
      Object[] current = values == null ? new Object[0] : values.keysAndValues;
      Object[] next = new Object[current.length + 2];
      System.arraycopy(current, 0, next, 0, current.length);
      next[current.length] = key;
      next[current.length + 1] = value;
      return new ApplicationValues(next, values == null ? null : values.underlying);
    }

    Object get(ContextKey<?> key) {
      for (int i = keysAndValues.length - 2; i >= 0; i -= 2) {
        if (keysAndValues[i] == key) {
          return keysAndValues[i + 1];
        }
      }
      return underlying == null ? null : underlying.get(key);
    }
  }

  /** Remembers the key the API asked it for. */
  private static final class KeyProbe implements Context {
    private ContextKey<?> asked;

    @SuppressWarnings("unchecked")
    <V> ContextKey<V> asked() {
      return (ContextKey<V>) asked;
    }

    @Override
    public <V> V get(ContextKey<V> key) {
      asked = key;
      return null;
    }

    @Override
    public <V> Context with(ContextKey<V> key, V value) {
      return this;
    }
  }
}
