package io.monitoring.agent.instrumentation.reactive;

import static io.monitoring.agent.instrumentation.Matchers.isTypeInitializer;

import io.monitoring.agent.bootstrap.ScheduledTasks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;
import reactor.core.scheduler.Schedulers;

/**
 * Reactor's schedulers: once {@code Schedulers} is initialised, every task a scheduler runs is decorated to carry
 * the trace context current where it was scheduled (Reactor's own {@code onScheduleHook}, under a key of ours).
 * The SERVER span of a Reactor Netty request is current while its handler subscribes, so a JDBC call that a
 * {@code subscribeOn(boundedElastic())} offloads is its child.
 */
public final class ReactorSchedulersInstrumentation {
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = "reactor.core.scheduler.Schedulers";

  private ReactorSchedulersInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(TYPES))
        .transform(weaving.advice().advice(isTypeInitializer(), "InitializedAdvice"));
  }

  public static final class InitializedAdvice {
    private InitializedAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit() {
      Schedulers.onScheduleHook("monitoring-agent", new ScheduledTasks());
    }
  }
}
