package io.monitoring.agent.logs;

import static io.monitoring.agent.logs.TraceIdsInLogs.SPAN_ID;
import static io.monitoring.agent.logs.TraceIdsInLogs.TRACE_FLAGS;
import static io.monitoring.agent.logs.TraceIdsInLogs.TRACE_ID;

import io.opentelemetry.api.trace.SpanContext;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A Logback event's MDC property map with the three ids beside the application's entries, read-only; the
 * application's map is read through, never copied for a {@code %X{key}} lookup (the whole union is built only when
 * something iterates it: {@code %mdc}, a JSON encoder). A key the application set itself keeps its value.
 * Serialised as a plain {@link HashMap} (Logback's socket appenders send events to JVMs without the agent).
 */
final class TraceIdsMap extends AbstractMap<String, String> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, String> application;
  private final String traceId;
  private final String spanId;
  private final String traceFlags;
  private transient Map<String, String> union;

  TraceIdsMap(Map<String, String> application, SpanContext span) {
    this.application = application;
    this.traceId = span.getTraceId();
    this.spanId = span.getSpanId();
    this.traceFlags = span.getTraceFlags().asHex();
  }

  @Override
  public String get(Object key) {
    String value = application.get(key);
    return value != null ? value : ours(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return ours(key) != null || application.containsKey(key);
  }

  @Override
  public boolean isEmpty() {
    return false;
  }

  @Override
  public int size() {
    return union().size();
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return union().entrySet();
  }

  private String ours(Object key) {
    return TRACE_ID.equals(key) ? traceId : SPAN_ID.equals(key) ? spanId : TRACE_FLAGS.equals(key) ? traceFlags : null;
  }

  private Map<String, String> union() {
    Map<String, String> all = union;
    if (all == null) {
      Map<String, String> both = new HashMap<>(application.size() + 4);
      both.put(TRACE_ID, traceId);
      both.put(SPAN_ID, spanId);
      both.put(TRACE_FLAGS, traceFlags);
      both.putAll(application);
      all = union = Collections.unmodifiableMap(both);
    }
    return all;
  }

  private Object writeReplace() {
    return new HashMap<>(union());
  }
}
