package io.monitoring.agent.logs;

import io.monitoring.agent.bootstrap.LogHooks;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.Map;

/**
 * The ids of the span current on the logging thread, added to a logging event's context data: Logback's MDC
 * property map (a {@link TraceIdsMap} over it) or Log4j 2's {@code StringMap} ({@link Log4jContextData}). Outside
 * any span the data is returned as it is, nothing allocated; the application's own {@code trace_id} wins.
 */
public final class TraceIdsInLogs implements LogHooks.Handler {
  static final String TRACE_ID = "trace_id";
  static final String SPAN_ID = "span_id";
  static final String TRACE_FLAGS = "trace_flags";

  @Override
  @SuppressWarnings("unchecked")
  public Object contextData(Object contextData) {
    // Logback asks once per %X of the pattern: after the first, the event holds the map made then
    if (contextData instanceof TraceIdsMap) {
      return contextData;
    }
    SpanContext span = Span.current().getSpanContext();
    if (!span.isValid()) {
      return contextData;
    }
    if (contextData instanceof Map) {
      Map<String, String> map = (Map<String, String>) contextData;
      return map.containsKey(TRACE_ID) ? map : new TraceIdsMap(map, span);
    }
    return Log4jContextData.with(contextData, span);
  }
}
