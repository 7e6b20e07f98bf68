package io.monitoring.agent.logs;

import static io.monitoring.agent.logs.TraceIdsInLogs.SPAN_ID;
import static io.monitoring.agent.logs.TraceIdsInLogs.TRACE_FLAGS;
import static io.monitoring.agent.logs.TraceIdsInLogs.TRACE_ID;

import io.opentelemetry.api.trace.SpanContext;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Adds the ids to a Log4j 2 event's context data ({@code org.apache.logging.log4j.util.StringMap}, of the
 * application's Log4j, read through its public API found once per map class). A map that is not frozen is the
 * event's own (Log4j filled it for this event only) and gets the ids put in; a frozen one is shared (the
 * copy-on-write {@code ThreadContext}'s own map) and is copied first, the copy frozen again.
 */
final class Log4jContextData {
  private static final String UTIL = "org.apache.logging.log4j.util.";
  private static final ClassValue<Log4jContextData> BY_TYPE = new ClassValue<Log4jContextData>() {
    @Override
    protected Log4jContextData computeValue(Class<?> type) {
      try {
        return new Log4jContextData(type);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("not a Log4j StringMap: " + type.getName(), e);
      }
    }
  };

  private final MethodHandle containsKey;
  private final MethodHandle isFrozen;
  private final MethodHandle copy;
  private final MethodHandle putValue;
  private final MethodHandle freeze;

  private Log4jContextData(Class<?> type) throws ReflectiveOperationException {
    ClassLoader loader = type.getClassLoader();
    Class<?> readOnly = Class.forName(UTIL + "ReadOnlyStringMap", false, loader);
    Class<?> stringMap = Class.forName(UTIL + "StringMap", false, loader);
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    containsKey = lookup.findVirtual(readOnly, "containsKey", MethodType.methodType(boolean.class, String.class))
        .asType(MethodType.methodType(boolean.class, Object.class, String.class));
    isFrozen = lookup.findVirtual(stringMap, "isFrozen", MethodType.methodType(boolean.class))
        .asType(MethodType.methodType(boolean.class, Object.class));
    copy = lookup.findConstructor(Class.forName(UTIL + "SortedArrayStringMap", false, loader),
            MethodType.methodType(void.class, readOnly))
        .asType(MethodType.methodType(Object.class, Object.class));
    putValue = lookup.findVirtual(stringMap, "putValue", MethodType.methodType(void.class, String.class, Object.class))
        .asType(MethodType.methodType(void.class, Object.class, String.class, Object.class));
    freeze = lookup.findVirtual(stringMap, "freeze", MethodType.methodType(void.class))
        .asType(MethodType.methodType(void.class, Object.class));
  }

  static Object with(Object contextData, SpanContext span) {
    if (contextData == null) {
      return null;
    }
    try {
      return BY_TYPE.get(contextData.getClass()).add(contextData, span);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  private Object add(Object contextData, SpanContext span) throws Throwable {
    if ((boolean) containsKey.invokeExact(contextData, TRACE_ID)) {
      return contextData;
    }
    boolean shared = (boolean) isFrozen.invokeExact(contextData);
    Object data = shared ? (Object) copy.invokeExact(contextData) : contextData;
    putValue.invokeExact(data, TRACE_ID, (Object) span.getTraceId());
    putValue.invokeExact(data, SPAN_ID, (Object) span.getSpanId());
    putValue.invokeExact(data, TRACE_FLAGS, (Object) span.getTraceFlags().asHex());
    if (shared) {
      freeze.invokeExact(data);
    }
    return data;
  }
}
