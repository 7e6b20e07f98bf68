package io.monitoring.agent.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Logback's side of the hook: what a logging event's MDC property map becomes, with and without a current span. */
class TraceIdsInLogsTest {
  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN = "b7ad6b7169203331";
  private final TraceIdsInLogs handler = new TraceIdsInLogs();

  @Test
  void outsideAnySpanTheApplicationsDataIsReturnedAsItIs() {
    Map<String, String> application = Map.of("user", "ada");
    assertSame(application, handler.contextData(application));
    try (Scope ignored = Span.getInvalid().makeCurrent()) {
      assertSame(application, handler.contextData(application));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void insideASpanTheMapHasTheIdsBesideTheApplicationsEntriesWhichStayUntouched() throws Exception {
    Map<String, String> application = new HashMap<>(Map.of("user", "ada"));
    Map<String, String> withIds;
    try (Scope ignored = sampledSpan().makeCurrent()) {
      withIds = (Map<String, String>) handler.contextData(application);
      // Logback asks again for every %X of a pattern: the event already holds this map
      assertSame(withIds, handler.contextData(withIds));
    }
    assertEquals(Map.of("user", "ada"), application);
    assertEquals(java.util.List.of(TRACE, SPAN, "01", "ada"),
        java.util.List.of(withIds.get("trace_id"), withIds.get("span_id"), withIds.get("trace_flags"), withIds.get("user")));
    assertTrue(withIds.containsKey("span_id") && withIds.containsKey("user") && !withIds.containsKey("other"));
    Map<String, String> all = Map.of("trace_id", TRACE, "span_id", SPAN, "trace_flags", "01", "user", "ada");
    assertEquals(all, withIds);
    assertEquals(4, withIds.size());
    assertThrows(UnsupportedOperationException.class, () -> withIds.put("x", "y"));
    // sent by a socket appender to a JVM without the agent: a plain HashMap arrives
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(withIds);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      Object received = in.readObject();
      assertEquals(HashMap.class, received.getClass());
      assertEquals(all, received);
    }
  }

  @Test
  void anApplicationThatSetsItsOwnTraceIdKeepsItsMapAsItIs() {
    Map<String, String> application = Map.of("trace_id", "mine");
    try (Scope ignored = sampledSpan().makeCurrent()) {
      assertSame(application, handler.contextData(application));
    }
  }

  private static Span sampledSpan() {
    return Span.wrap(SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault()));
  }
}
