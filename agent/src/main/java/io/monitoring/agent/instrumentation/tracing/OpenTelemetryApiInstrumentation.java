package io.monitoring.agent.instrumentation.tracing;

import static io.monitoring.agent.instrumentation.Matchers.isStatic;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArgument;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.apibridge.ApplicationApi;
import io.monitoring.agent.bootstrap.ApplicationTracingHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;

/**
 * The application's OpenTelemetry API (1.0 to 1.68): what {@code GlobalOpenTelemetry.get()} (and 1.52's
 * {@code getOrNoop()}) and {@code ContextStorage.get()} return passes through {@code ApplicationTracing}, which
 * answers with its bridge to the agent's SDK and context; {@code GlobalOpenTelemetry.set} tells it of an SDK of the
 * application's own. {@code Context.current()}, {@code Span.current()}, {@code Baggage.current()} and every tracer
 * go through these two methods.
 */
public final class OpenTelemetryApiInstrumentation {
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = ApplicationApi.GLOBAL_OPEN_TELEMETRY + "," + ApplicationApi.CONTEXT_STORAGE;

  private OpenTelemetryApiInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(new String[] {ApplicationApi.GLOBAL_OPEN_TELEMETRY}))
        .transform(weaving.advice()
            .advice(isStatic().and(named("get").or(named("getOrNoop"))).and(takesArguments(0)), "GlobalAdvice")
            .advice(isStatic().and(named("set")).and(takesArguments(1))
                .and(takesArgument(0, named(ApplicationApi.OPEN_TELEMETRY))), "RegisteredAdvice"))
        .type(weaving.types(new String[] {ApplicationApi.CONTEXT_STORAGE}))
        .transform(weaving.advice().advice(isStatic().and(named("get")).and(takesArguments(0)), "StorageAdvice"));
  }

  public static final class GlobalAdvice {
    private GlobalAdvice() {}

    @SuppressWarnings("UnusedAssignment")
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Return(readOnly = false, typing = Advice.Typing.DYNAMIC) Object global) {
      global = ApplicationTracingHooks.globalRequested(global);
    }
  }

  public static final class RegisteredAdvice {
    private RegisteredAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(0) Object global) {
      ApplicationTracingHooks.globalRegistered(global);
    }
  }

  public static final class StorageAdvice {
    private StorageAdvice() {}

    @SuppressWarnings("UnusedAssignment")
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Return(readOnly = false, typing = Advice.Typing.DYNAMIC) Object storage) {
      storage = ApplicationTracingHooks.contextStorageRequested(storage);
    }
  }
}
