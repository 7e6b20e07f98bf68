package io.monitoring.agent.instrumentation.logs;

import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.LogHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;

/**
 * Log4j 2.7 and later: the context data of every log event (what {@code %X{key}}, {@code %X} and the JSON layouts
 * print) holds {@code trace_id}, {@code span_id} and {@code trace_flags} while a span of the agent is current. Log4j
 * fills an event's context data on the logging thread, synchronous or async logger alike, through the
 * {@code ContextDataInjector} that fits its {@code ThreadContext} map: the three built in, named here. A custom
 * injector ({@code log4j2.ContextDataInjector}) is not woven. The {@code ThreadContext} itself is never written:
 * {@code ThreadContext.get("trace_id")} in application code sees nothing of the agent's.
 */
public final class Log4j2Instrumentation {
  private static final String INJECTORS = "org.apache.logging.log4j.core.impl.ThreadContextDataInjector$";
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = INJECTORS + "ForDefaultThreadContextMap" + "," + INJECTORS + "ForCopyOnWriteThreadContextMap" + "," + INJECTORS + "ForGarbageFreeThreadContextMap";

  private Log4j2Instrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(TYPES))
        .transform(weaving.advice().advice(named("injectContextData").and(takesArguments(2)), "InjectedAdvice"));
  }

  public static final class InjectedAdvice {
    private InjectedAdvice() {}

    @SuppressWarnings("UnusedAssignment")
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Return(readOnly = false, typing = Advice.Typing.DYNAMIC) Object contextData) {
      contextData = LogHooks.contextData(contextData);
    }
  }
}
