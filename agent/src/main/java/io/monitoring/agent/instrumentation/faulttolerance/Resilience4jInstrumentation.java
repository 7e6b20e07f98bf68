package io.monitoring.agent.instrumentation.faulttolerance;

import static io.monitoring.agent.instrumentation.Matchers.isConstructor;
import static io.monitoring.agent.instrumentation.Matchers.named;
import static io.monitoring.agent.instrumentation.Matchers.takesArgument;
import static io.monitoring.agent.instrumentation.Matchers.takesArguments;

import io.monitoring.agent.bootstrap.FaultToleranceHooks;
import io.monitoring.agent.instrumentation.Weaving;
import io.monitoring.agent.instrumentation.WeavingRules;
import io.monitoring.agent.instrumentation.Advice;

/**
 * Resilience4j 1.7 and 2.x: the circuit breaker's state machine and the two rate limiters, at the private
 * methods that would publish an event. Those run for every recorded call and refusal whether or not the
 * application consumes events, and build no event when it does not; the advice runs before the event is built.
 * A breaker's success covers exceptions its configuration records as success; an ignored exception counts
 * nowhere, as in the breaker's own metrics.
 */
public final class Resilience4jInstrumentation {
  private static final String BREAKER = "io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine";
  private static final String LIMITER_TYPES = "io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter,"
      + "io.github.resilience4j.ratelimiter.internal.SemaphoreBasedRateLimiter";
  /**
   * The types woven, comma-separated: a constant, so {@link io.monitoring.agent.instrumentation.InstrumentedLibraries}
   * copies it at compile time and premain loads no installer.
   */
  public static final String TYPES = BREAKER + "," + LIMITER_TYPES;

  private Resilience4jInstrumentation() {}

  public static WeavingRules install(WeavingRules rules, Weaving weaving) {
    return rules.type(weaving.types(BREAKER))
        .transform(weaving.advice()
            .advice(isConstructor(), "CreatedAdvice")
            .advice(named("publishSuccessEvent").and(takesArguments(2)), "SuccessAdvice")
            .advice(named("publishCircuitErrorEvent").and(takesArguments(4)), "FailureAdvice")
            .advice(named("publishCallNotPermittedEvent").and(takesArguments(0)), "NotPermittedAdvice"))
        .type(weaving.types(LIMITER_TYPES))
        .transform(weaving.advice()
            .advice(named("publishRateLimiterAcquisitionEvent").and(takesArguments(2)).and(takesArgument(0, boolean.class)),
                "AcquisitionAdvice"));
  }

  public static final class CreatedAdvice {
    private CreatedAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object breaker) {
      FaultToleranceHooks.breakerCreated(breaker);
    }
  }

  public static final class SuccessAdvice {
    private SuccessAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object breaker) {
      FaultToleranceHooks.callRecorded(breaker, FaultToleranceHooks.SUCCESS);
    }
  }

  public static final class FailureAdvice {
    private FailureAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object breaker) {
      FaultToleranceHooks.callRecorded(breaker, FaultToleranceHooks.FAILURE);
    }
  }

  public static final class NotPermittedAdvice {
    private NotPermittedAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object breaker) {
      FaultToleranceHooks.callRecorded(breaker, FaultToleranceHooks.NOT_PERMITTED);
    }
  }

  public static final class AcquisitionAdvice {
    private AcquisitionAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object limiter, @Advice.Argument(0) boolean acquired) {
      if (!acquired) {
        FaultToleranceHooks.permitRefused(limiter);
      }
    }
  }
}
