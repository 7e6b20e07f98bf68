package io.monitoring.agent.instrumentation.logs;

import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.LogHooks;
import io.monitoring.agent.instrumentation.Weaving;
import java.util.Map;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;

/**
 * Logback (1.0 and later): a logging event's MDC property map, which every {@code %X{key}} and {@code %mdc} of a
 * pattern and every JSON encoder read, holds {@code trace_id}, {@code span_id} and {@code trace_flags} while a span
 * of the agent is current. {@code LoggingEvent#getMDCPropertyMap} is first called on the logging thread (by the
 * first converter, or by an async appender's {@code prepareForDeferredProcessing}); the map the agent returns then
 * is also kept in the event, so that an async appender's worker thread reads the same ids later. The application's
 * MDC itself is never written: {@code MDC.get("trace_id")} in application code sees nothing of the agent's.
 */
public final class LogbackInstrumentation {
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = "ch.qos.logback.classic.spi.LoggingEvent";

  private LogbackInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(TYPES))
        .transform(weaving.advice().advice(named("getMDCPropertyMap").and(takesArguments(0)), "MdcAdvice"));
  }

  public static final class MdcAdvice {
    private MdcAdvice() {}

    @SuppressWarnings({"unchecked", "UnusedAssignment"})
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Return(readOnly = false) Map<String, String> map,
        @Advice.FieldValue(value = "mdcPropertyMap", readOnly = false) Map<String, String> kept) {
      map = kept = (Map<String, String>) LogHooks.contextData(map);
    }
  }
}
